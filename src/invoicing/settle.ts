/**
 * After the ledger of an invoice changed (a payment, a refund, a failed charge), in the same transaction
 * with its row locked: the invoice's amounts, status and schedule follow from the ledger, and the change
 * is recorded with its history and webhook events (docs/payments.md).
 */
import { amountPaid, hasProcessing, settleEntries, statusFromLedger } from '../domain/ledger.ts';
import type { Tx } from '../store/db.ts';
import type { InvoiceEvent } from '../store/events.ts';
import { recordInvoiceChange } from '../store/invoice-writes.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { asJsonb } from '../store/jsonb.ts';
import { ledgerOf } from '../store/payments.ts';
import type { WebhookEvent } from '../store/webhook-events.ts';
import { toInvoiceView, viewOf } from './invoice-view.ts';
import { invoiceWebhook } from './webhook-payload.ts';

export async function settleInvoice(
  trx: Tx,
  before: StoredInvoice,
  events: InvoiceEvent[],
): Promise<StoredInvoice> {
  const { invoice } = before;
  const ledger = await ledgerOf(trx, invoice.id);
  const paid = amountPaid(ledger);
  const status = statusFromLedger(invoice.status, invoice.total, paid, hasProcessing(ledger));
  const schedule = settleEntries(invoice.payment_schedule, ledger);
  const after: StoredInvoice = {
    invoice: {
      ...invoice,
      amount_paid: paid,
      status,
      payment_schedule: schedule && asJsonb(schedule),
      updated_at: new Date(),
    },
    items: before.items,
  };
  const webhooks: WebhookEvent[] = [];
  const view = toInvoiceView(after);
  if (status === 'paid' && invoice.status !== 'paid')
    webhooks.push(invoiceWebhook('InvoicePaid', after, view));
  if (status === 'partially_paid' && paid > invoice.amount_paid)
    webhooks.push(invoiceWebhook('InvoicePartiallyPaid', after, view));
  await recordInvoiceChange(trx, { stored: after, view: viewOf(after), events, webhooks });
  return after;
}
