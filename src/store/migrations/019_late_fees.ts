import { type Kysely, sql } from 'kysely';
import { lateFeesDueAt } from '../late-fees.ts';
import type { InvoiceRow } from '../schema.ts';

/**
 * Late fees (issue #12 item 5, docs/decisions.md "Late fees"): one row per period charged, never two
 * for one period (the primary key), and on the invoice what they sum to (its `total` includes it), how
 * many periods are done, and when the next falls due (derived from the row by the store on every write;
 * null when none will), which the scheduler's due query reads through its partial index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invoices
    add column late_fee_total int8 not null default 0 check (late_fee_total >= 0),
    add column late_fee_periods int4 not null default 0 check (late_fee_periods >= 0),
    add column late_fees_due_at timestamptz`.execute(db);
  await sql`create index invoices_late_fees_due_idx on invoices (late_fees_due_at)
    where late_fees_due_at is not null`.execute(db);
  await sql`
    create table invoice_late_fees (
      invoice_id text not null references invoices (id) on delete cascade,
      period int4 not null check (period >= 0),
      location_id text not null,
      currency text not null,
      amount int8 not null check (amount > 0),
      -- when the period fell due, in the invoice's own time (the location's test clock for test data)
      due_at timestamptz not null,
      created_at timestamptz not null default now(),
      primary key (invoice_id, period)
    )`.execute(db);
  await backfillLateFeesDueAt(db);
}

/** Invoices whose rule was set before 019: their first due time (every later write keeps it). */
export async function backfillLateFeesDueAt(db: Kysely<unknown>): Promise<void> {
  const ruled = await sql<Pick<InvoiceRow, 'id' | 'extra' | 'currency' | 'due_date'>>`
    select id, extra, currency, due_date::text as due_date from invoices
    where extra ? 'lateFeesConfiguration' and late_fee_periods = 0`.execute(db);
  for (const row of ruled.rows) {
    const dueAt = lateFeesDueAt({ ...row, late_fee_periods: 0, late_fee_total: 0 });
    if (dueAt) await sql`update invoices set late_fees_due_at = ${dueAt} where id = ${row.id}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invoice_late_fees').ifExists().execute();
  await sql`alter table invoices drop column if exists late_fees_due_at,
    drop column if exists late_fee_periods, drop column if exists late_fee_total`.execute(db);
}
