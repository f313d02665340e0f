import { type Kysely, sql } from 'kysely';

/**
 * The dashboard's location settings (issue #13 item 8): the prefix new invoices are numbered with and
 * the logo their documents show when an invoice names none. Name, email, phone, website and address
 * were columns of locations already; test_mode came with migration 021.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table locations add column invoice_number_prefix text not null default 'INV-'`.execute(db);
  await sql`alter table locations add column logo_url text`.execute(db);
  // The overview's payments per month of a location (store/overview.ts).
  await sql`create index payments_location_fulfilled_idx on payments (location_id, fulfilled_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists payments_location_fulfilled_idx`.execute(db);
  await sql`alter table locations drop column if exists logo_url`.execute(db);
  await sql`alter table locations drop column if exists invoice_number_prefix`.execute(db);
}
