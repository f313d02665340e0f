/** Late fee statements (migration 019): the due query, the fee lines, and the invoice's derived due time. */
import { sql } from 'kysely';
import { type LateFeeLine, lateFeeRule, nextLateFeeAt } from '../domain/late-fees.ts';
import { rowNow } from './clocks.ts';
import { statement } from './compiled.ts';
import type { Tx } from './db.ts';
import { INVOICE_COLUMNS, itemsJson, type StoredInvoice, storedInvoice } from './invoices.ts';
import type { InvoiceRow } from './schema.ts';

/**
 * When the invoice's next late-fee period falls due, from its own row (rule, due date, periods done):
 * every write of an invoice row stores it, so the due query never reads a stale one.
 */
export function lateFeesDueAt(
  invoice: Pick<InvoiceRow, 'extra' | 'currency' | 'due_date' | 'late_fee_periods' | 'late_fee_total'>,
): Date | null {
  const rule = lateFeeRule(invoice.extra.lateFeesConfiguration, invoice.currency);
  return nextLateFeeAt(rule, invoice.due_date, {
    periods: invoice.late_fee_periods,
    total: invoice.late_fee_total,
  });
}

/** Statuses late fees are charged in: sent and not settled (docs/decisions.md "Late fees"). */
const CHARGEABLE = ['sent', 'partially_paid'] as const;

const dueInvoice = statement((db) =>
  db
    .selectFrom('invoices')
    .select(INVOICE_COLUMNS)
    .select(itemsJson.as('items'))
    .where('late_fees_due_at', 'is not', null)
    .where('status', 'in', CHARGEABLE)
    .where('late_fees_due_at', '<=', rowNow('invoices.live_mode', 'invoices.location_id'))
    .orderBy('late_fees_due_at')
    .limit(1)
    .forUpdate()
    .skipLocked(),
);

/** One invoice with a late-fee period due by its own clock, locked; another runner skips it. */
export async function lockDueLateFeeInvoice(trx: Tx): Promise<StoredInvoice | undefined> {
  const [row] = await dueInvoice.run(trx, {});
  return row && storedInvoice(row);
}

/**
 * The invoice's new fee lines; a period already charged is left as it was (the primary key), so the
 * lines returned are those this call added.
 */
export async function insertLateFees(
  trx: Tx,
  invoice: Pick<InvoiceRow, 'id' | 'location_id' | 'currency'>,
  lines: LateFeeLine[],
): Promise<Array<{ period: number; amount: number }>> {
  if (lines.length === 0) return [];
  return trx
    .insertInto('invoice_late_fees')
    .columns(['invoice_id', 'period', 'location_id', 'currency', 'amount', 'due_at'])
    .expression(
      sql`select ${invoice.id}, l.period, ${invoice.location_id}, ${invoice.currency}, l.amount, l.due_at
          from unnest(${lines.map((l) => l.period)}::int4[], ${lines.map((l) => l.amount)}::int8[],
                      ${lines.map((l) => l.dueAt.toISOString())}::timestamptz[]) as l(period, amount, due_at)`,
    )
    .onConflict((oc) => oc.columns(['invoice_id', 'period']).doNothing())
    .returning(['period', 'amount'])
    .execute();
}

/** An invoice's fee lines, oldest period first. */
export async function lateFeesOf(trx: Tx, invoiceId: string) {
  return trx
    .selectFrom('invoice_late_fees')
    .select(['period', 'amount', 'due_at'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('period')
    .execute();
}
