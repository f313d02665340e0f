import { type Kysely, sql } from 'kysely';

/**
 * Deliveries of estimates (POST /invoices/estimate/{id}/send): a delivery's subject is an invoice or an
 * estimate, exactly one of them; the same workers, transports and dev outbox deliver both.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table deliveries alter column invoice_id drop not null`.execute(db);
  await sql`alter table deliveries add column estimate_id text references estimates (id) on delete cascade`.execute(
    db,
  );
  await sql`alter table deliveries add constraint deliveries_one_subject
    check ((invoice_id is null) <> (estimate_id is null))`.execute(db);
  await sql`create index deliveries_estimate_idx on deliveries (estimate_id) where estimate_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from deliveries where invoice_id is null`.execute(db);
  await sql`alter table deliveries drop constraint if exists deliveries_one_subject`.execute(db);
  await sql`alter table deliveries drop column if exists estimate_id`.execute(db);
  await sql`alter table deliveries alter column invoice_id set not null`.execute(db);
}
