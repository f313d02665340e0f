/**
 * The scheduler task that charges late fees (docs/decisions.md "Late fees"): each invoice with a period
 * due by its own clock, in its own transaction holding its row, gets its fee lines, its new total and
 * amount due, its history record and an InvoiceUpdate webhook event. A period is charged once: the
 * invoice row is locked (another runner skips it), its periods-done count moves in the same
 * transaction, and the lines' primary key (invoice, period) refuses a second line.
 */
import { dueLateFees, lateFeeRule } from '../domain/late-fees.ts';
import { locationNow } from '../store/clocks.ts';
import type { Tx } from '../store/db.ts';
import { recordInvoiceChange } from '../store/invoice-writes.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { insertLateFees, lockDueLateFeeInvoice } from '../store/late-fees.ts';
import type { StoreContext } from './context.ts';
import { viewOf } from './invoice-view.ts';
import { invoiceWebhook } from './webhook-payload.ts';

/** Charges the due periods of up to `limit` invoices; returns how many invoices it charged. */
export async function applyDueLateFees(ctx: StoreContext, limit: number): Promise<number> {
  let done = 0;
  while (done < limit) {
    const progressed = await ctx.store.db.transaction().execute(applyNextDue);
    if (!progressed) break;
    done += 1;
  }
  return done;
}

/** One due invoice: false when there is none (or, defensively, when nothing could move). */
async function applyNextDue(trx: Tx): Promise<boolean> {
  const before = await lockDueLateFeeInvoice(trx);
  if (!before) return false;
  const { invoice } = before;
  const rule = lateFeeRule(invoice.extra.lateFeesConfiguration, invoice.currency);
  if (rule === null) return false;
  const now = await locationNow(trx, invoice.location_id, invoice.live_mode);
  // The amount due without late fees: a percentage is never charged on a fee.
  const base = invoice.total - invoice.late_fee_total - invoice.amount_paid;
  const charged = { periods: invoice.late_fee_periods, total: invoice.late_fee_total };
  const due = dueLateFees(rule, invoice.due_date, charged, now, base);
  if (due.charged.periods === charged.periods) return false;
  const added = await insertLateFees(trx, invoice, due.lines);
  const amount = added.reduce((sum, line) => sum + line.amount, 0);
  const after: StoredInvoice = {
    invoice: {
      ...invoice,
      total: invoice.total + amount,
      late_fee_total: invoice.late_fee_total + amount,
      late_fee_periods: due.charged.periods,
      updated_at: amount > 0 ? new Date() : invoice.updated_at,
    },
    items: before.items,
  };
  const charges = added.map((line) => ({ period: line.period, amount: line.amount }));
  await recordInvoiceChange(trx, {
    stored: after,
    view: viewOf(after),
    events:
      amount > 0
        ? [
            {
              invoiceId: invoice.id,
              locationId: invoice.location_id,
              type: 'late_fees_charged',
              data: { lateFees: charges, total: amount },
            },
          ]
        : [],
    webhooks: amount > 0 ? [invoiceWebhook('InvoiceUpdate', after)] : [],
  });
  return true;
}
