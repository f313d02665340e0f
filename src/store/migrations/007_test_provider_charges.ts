import { type Kysely, sql } from 'kysely';

/**
 * The test provider's record of the charges it was asked for (its "remote" side, like Stripe's list of
 * PaymentIntents): one row per idempotency key, with how often it was called. A repeated call is the
 * same charge; tests count calls per key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table test_provider_charges (
      idempotency_key text primary key,
      charge_id text not null,
      ref text not null,
      method_ref text not null,
      currency text not null,
      amount int8 not null,
      calls int4 not null default 1,
      first_called_at timestamptz not null default now(),
      last_called_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('test_provider_charges').ifExists().execute();
}
