import { type Kysely, sql } from 'kysely';

/**
 * Estimates per location (issue #12 item 3): the fields of the estimate as one JSON document beside the
 * columns the list filters on, its number (a counter per location, as invoices have), its history of
 * actions, the secret token of its customer page and the invoice it was converted into. Estimate
 * templates are invoice_templates rows of kind 'estimate'.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table estimates (
      id text primary key,
      location_id text not null references locations (id) on delete cascade,
      company_id text not null,
      estimate_number integer not null,
      status text not null,
      live_mode boolean not null,
      name text not null,
      currency text not null,
      total bigint not null,
      contact_id text not null,
      fields jsonb not null,
      history jsonb not null,
      public_token text not null unique,
      invoice_id text references invoices (id) on delete set null,
      last_visited_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (location_id, estimate_number)
    )`.execute(db);
  await sql`create index estimates_location_idx on estimates (location_id, created_at desc, id)`.execute(db);
  await sql`
    create table estimate_number_counters (
      location_id text primary key references locations (id) on delete cascade,
      last_number integer not null
    )`.execute(db);
  // Estimate templates are templates of another kind: same columns, same statements.
  await sql`alter table invoice_templates add column kind text not null default 'invoice'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invoice_templates drop column if exists kind`.execute(db);
  await sql`drop table if exists estimate_number_counters`.execute(db);
  await sql`drop table if exists estimates`.execute(db);
}
