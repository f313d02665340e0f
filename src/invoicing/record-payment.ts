/**
 * POST /invoices/{invoiceId}/record-payment: a payment made elsewhere (cash, cheque, a card terminal,
 * a bank transfer) entered in the ledger (docs/payments.md). Refusals change nothing.
 */
import { objectId } from '../domain/ids.ts';
import { amountPaid, assertPaymentAccepted, type PaymentMode } from '../domain/ledger.ts';
import { MoneyError, toMajor, toMinor } from '../domain/money.ts';
import { Errors } from '../errors.ts';
import { cancelPendingCharges } from '../store/charges.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { insertPayment, ledgerOf } from '../store/payments.ts';
import type { Actor, StoreContext } from './context.ts';
import { lockInvoice } from './read-invoices.ts';
import { settleInvoice } from './settle.ts';

/** RecordPaymentDto, as the route has validated it. */
export interface RecordPaymentInput {
  altId: string;
  mode: Exclude<PaymentMode, 'online'>;
  card?: { brand: string; last4: string };
  cheque?: { number: string };
  notes?: string;
  /** Major units; absent: what is due (or the named schedule entries' sum). */
  amount?: number;
  paymentScheduleIds?: string[];
  fulfilledAt?: string;
}

/** What can still be paid: the total less what was paid and what is being paid (a settling bank debit). */
export function amountOpen(invoice: StoredInvoice['invoice'], processing: number): number {
  return Math.max(0, invoice.total - invoice.amount_paid - processing);
}

function minor(amount: number, currency: string): number {
  try {
    return toMinor(amount, currency);
  } catch (err) {
    if (err instanceof MoneyError) throw Errors.unprocessable(`amount ${err.message}`);
    throw err;
  }
}

export async function recordPayment(
  ctx: StoreContext,
  actor: Actor,
  invoiceId: string,
  input: RecordPaymentInput,
): Promise<StoredInvoice> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const stored = await lockInvoice(trx, input.altId, invoiceId);
    const { invoice } = stored;
    assertPaymentAccepted(invoice.status);
    const ledger = await ledgerOf(trx, invoiceId);
    const processing = ledger.filter((p) => p.status === 'processing').reduce((s, p) => s + p.amount, 0);
    const due = amountOpen({ ...invoice, amount_paid: amountPaid(ledger) }, processing);
    const c = invoice.currency;
    if (due <= 0) throw Errors.badRequest('Nothing is due on this invoice');

    const entryIds = [...new Set(input.paymentScheduleIds ?? [])];
    const entries = entryIds.map((id) => {
      const entry = invoice.payment_schedule?.schedules.find((e) => e._id === id);
      if (!entry)
        throw Errors.badRequest(`paymentScheduleIds: ${id} is not an entry of this invoice's schedule`);
      if (entry.status === 'paid') throw Errors.badRequest(`paymentScheduleIds: entry ${id} is already paid`);
      return entry;
    });
    const entriesSum = entries.reduce((s, e) => s + e.amount, 0);
    const amount =
      input.amount === undefined ? (entries.length > 0 ? entriesSum : due) : minor(input.amount, c);
    if (amount <= 0) throw Errors.badRequest('amount must be more than 0');
    if (amount > due) {
      throw Errors.badRequest(
        `amount ${toMajor(amount, c)} is more than the amount due, ${toMajor(due, c)} ${c}`,
      );
    }
    if (entries.length > 0 && amount !== entriesSum) {
      throw Errors.badRequest(
        `amount ${toMajor(amount, c)} does not match the schedule entries it settles (${toMajor(entriesSum, c)} ${c})`,
      );
    }

    const payment = await insertPayment(trx, {
      id: objectId(),
      invoice_id: invoiceId,
      location_id: input.altId,
      currency: c,
      amount,
      mode: input.mode,
      provider: null,
      provider_ref: null,
      status: 'succeeded',
      card_brand: input.card?.brand ?? null,
      card_last4: input.card?.last4 ?? null,
      cheque_number: input.cheque?.number ?? null,
      customer_ref: null,
      method_ref: null,
      notes: input.notes ?? null,
      failure_reason: null,
      schedule_entry_ids: entryIds,
      fulfilled_at: input.fulfilledAt ? new Date(input.fulfilledAt) : new Date(),
    });
    const cancelled = await cancelPendingCharges(trx, invoiceId);
    return settleInvoice(trx, stored, [
      {
        invoiceId,
        locationId: input.altId,
        type: 'payment_recorded',
        actor: { tokenId: actor.tokenId },
        data: { paymentId: payment.id, mode: payment.mode, amount, currency: c, scheduleEntryIds: entryIds },
      },
      ...(cancelled > 0
        ? [
            {
              invoiceId,
              locationId: input.altId,
              type: 'charges_cancelled' as const,
              actor: { tokenId: actor.tokenId },
              data: { charges: cancelled, reason: 'a payment was recorded' },
            },
          ]
        : []),
    ]);
  });
}
