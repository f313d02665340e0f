import { type Kysely, sql } from 'kysely';

/**
 * Invoice templates per location (issue #12): the fields an invoice takes from a template are kept as
 * one JSON document, beside the columns the list filters and sorts on. And the time a user last opened
 * an invoice (PATCH /invoices/stats/last-visited-at).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table invoice_templates (
      id text primary key,
      location_id text not null references locations (id) on delete cascade,
      company_id text not null,
      name text not null,
      currency text not null,
      total bigint not null,
      fields jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index invoice_templates_location_idx on invoice_templates (location_id, created_at desc, id)`.execute(
    db,
  );
  await sql`
    create table invoice_visits (
      invoice_id text primary key references invoices (id) on delete cascade,
      location_id text not null,
      last_visited_at timestamptz not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists invoice_visits`.execute(db);
  await sql`drop table if exists invoice_templates`.execute(db);
}
