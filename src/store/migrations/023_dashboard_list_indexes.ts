import { type Kysely, sql } from 'kysely';

/**
 * The dashboard's invoice list (web/invoices) filters by due date (the overview's ageing links) and sorts
 * by due date or total: without these PostgreSQL reads and sorts every invoice of the location, 0.3 s at
 * 100k invoices (docs/benchmarks.md, "Dashboard list page"). Issue date and number already have theirs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index invoices_location_due_idx on invoices (location_id, due_date, id)`.execute(db);
  await sql`create index invoices_location_total_idx on invoices (location_id, total, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists invoices_location_total_idx`.execute(db);
  await sql`drop index if exists invoices_location_due_idx`.execute(db);
}
