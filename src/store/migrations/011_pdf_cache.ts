import { type Kysely, sql } from 'kysely';

/**
 * One cached PDF per invoice, keyed by a hash of the document it was drawn from (docs/decisions.md, "PDF
 * rendering"): a changed invoice has another version, so a stale PDF is never served; losing the table
 * only costs renders.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table pdf_cache (
      invoice_id text primary key references invoices(id) on delete cascade,
      version text not null,
      pdf bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists pdf_cache`.execute(db);
}
