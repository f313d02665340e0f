import { type Kysely, sql } from 'kysely';

/**
 * Lists filtered by status are ordered by creation: without this index PostgreSQL sorts every matching
 * row of the location for a deep page (docs/benchmarks.md, scale runs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index invoices_location_status_created_idx on invoices (location_id, status, created_at desc, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists invoices_location_status_created_idx`.execute(db);
}
