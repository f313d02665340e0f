/**
 * Money a provider took (a checkout, an auto-payment charge), entered in the ledger once per provider
 * payment however often and in whatever order its news arrives (docs/payments.md).
 */
import { objectId } from '../domain/ids.ts';
import type { PaymentStatus } from '../domain/ledger.ts';
import type { Tx } from '../store/db.ts';
import type { InvoiceEvent } from '../store/events.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { findPaymentByProviderRef, insertPayment, updatePayment } from '../store/payments.ts';
import type { EventActor, PaymentRow } from '../store/schema.ts';
import { settleInvoice } from './settle.ts';

export interface ProviderPayment {
  provider: 'test' | 'stripe';
  /** The provider's payment (PaymentIntent) id. */
  ref: string;
  amount: number;
  tip: number;
  status: Exclude<PaymentStatus, 'refunded'>;
  brand?: string;
  last4?: string;
  failureReason?: string;
  /** The customer's method saved for later charges (a checkout's "save this card", a charged method). */
  savedMethod?: { customerRef: string; methodRef: string };
  entryIds: string[];
  actor: EventActor;
  /** Where it came from, for the history: our checkout session or charge. */
  source: { sessionId?: string; chargeId?: string };
}

/** Later news may move a payment on, never back: processing may end succeeded or failed, nothing else. */
function moves(from: PaymentStatus, to: PaymentStatus): boolean {
  return from === 'processing' && (to === 'succeeded' || to === 'failed');
}

const EVENT_FOR = {
  succeeded: 'payment_succeeded',
  processing: 'payment_processing',
  failed: 'payment_failed',
} as const;

/**
 * In `trx`, with the invoice locked: the payment is inserted, or moved on when it is known already. A
 * payment for a void invoice, or one that pays more than was due, is kept and flagged to be refunded.
 */
export async function recordProviderPayment(
  trx: Tx,
  stored: StoredInvoice,
  input: ProviderPayment,
): Promise<{ invoice: StoredInvoice; payment: PaymentRow; changed: boolean }> {
  const { invoice } = stored;
  const known = await findPaymentByProviderRef(trx, input.provider, input.ref);
  if (known && !moves(known.status, input.status)) return { invoice: stored, payment: known, changed: false };
  const succeeded = input.status === 'succeeded';
  const needsRefund =
    succeeded && (invoice.status === 'void' || invoice.amount_paid + input.amount > invoice.total);
  const payment = known
    ? await updatePayment(trx, known.id, {
        status: input.status,
        failure_reason: input.failureReason ?? null,
        card_brand: input.brand ?? known.card_brand,
        card_last4: input.last4 ?? known.card_last4,
        customer_ref: input.savedMethod?.customerRef ?? known.customer_ref,
        method_ref: input.savedMethod?.methodRef ?? known.method_ref,
        needs_refund: needsRefund,
      })
    : await insertPayment(trx, {
        id: objectId(),
        invoice_id: invoice.id,
        location_id: invoice.location_id,
        currency: invoice.currency,
        amount: input.amount,
        tip_amount: input.tip,
        mode: 'online',
        provider: input.provider,
        provider_ref: input.ref,
        status: input.status,
        card_brand: input.brand ?? null,
        card_last4: input.last4 ?? null,
        cheque_number: null,
        notes: null,
        failure_reason: input.failureReason ?? null,
        schedule_entry_ids: input.entryIds,
        needs_refund: needsRefund,
        customer_ref: input.savedMethod?.customerRef ?? null,
        method_ref: input.savedMethod?.methodRef ?? null,
        fulfilled_at: new Date(),
      });
  const event = (type: InvoiceEvent['type'], data: object): InvoiceEvent => ({
    invoiceId: invoice.id,
    locationId: invoice.location_id,
    type,
    actor: input.actor,
    data,
  });
  const data = {
    paymentId: payment.id,
    provider: input.provider,
    amount: input.amount,
    tip: input.tip,
    currency: invoice.currency,
    ...input.source,
    ...(input.failureReason ? { reason: input.failureReason } : {}),
  };
  const events = [event(EVENT_FOR[input.status], data)];
  if (needsRefund) {
    const why = invoice.status === 'void' ? 'the invoice is void' : 'it pays more than was due';
    events.push(event('payment_needs_refund', { paymentId: payment.id, reason: why }));
  }
  return { invoice: await settleInvoice(trx, stored, events), payment, changed: true };
}
