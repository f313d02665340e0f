import { type Kysely, sql } from 'kysely';

/**
 * Webhook subscriptions per location, one delivery per (event, subscription) with the exact body that is
 * signed and sent, the log of every attempt, and the service's Ed25519 signing key (one row).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webhook_subscriptions (
      id text primary key,
      location_id text not null,
      company_id text not null,
      url text not null,
      events text[] not null default '{}',
      app_id text,
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    )`.execute(db);
  await sql`create index webhook_subscriptions_location_idx on webhook_subscriptions (location_id)
            where deleted_at is null`.execute(db);
  // seq orders a subscription's deliveries: the one with the lowest pending seq goes first.
  await sql`
    create table webhook_deliveries (
      id text primary key,
      seq bigserial not null unique,
      subscription_id text not null references webhook_subscriptions (id),
      event_id bigint not null references webhook_events (id),
      location_id text not null,
      event_type text not null,
      webhook_id text not null unique,
      body text not null,
      status text not null default 'pending',
      attempts int4 not null default 0,
      next_attempt_at timestamptz not null default now(),
      first_attempt_at timestamptz,
      last_error text,
      replay_of text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index webhook_deliveries_head_idx on webhook_deliveries (subscription_id, seq)
            where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at)
            where status = 'pending'`.execute(db);
  await sql`
    create table webhook_attempts (
      id bigserial primary key,
      delivery_id text not null references webhook_deliveries (id),
      attempt int4 not null,
      status text not null,
      response_code int4,
      latency_ms int4 not null,
      error text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, attempt)`.execute(
    db,
  );
  await sql`create index webhook_events_pending_idx on webhook_events (id) where dispatched_at is null`.execute(
    db,
  );
  await sql`
    create table webhook_keys (
      id int4 primary key default 1 check (id = 1),
      algorithm text not null,
      private_key text not null,
      public_key text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists webhook_keys, webhook_attempts, webhook_deliveries, webhook_subscriptions`.execute(
    db,
  );
  await sql`drop index if exists webhook_events_pending_idx`.execute(db);
}
