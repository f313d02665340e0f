/**
 * What a charge attempt came to, entered with its invoice locked: the payment in the ledger (once per
 * provider payment), the charge row following its payment's status, and after a failure the history
 * record, the customer's email and the next attempt (docs/send-invoice.md §4).
 */
import { chargeKey, retryRunAt } from '../domain/auto-payment.ts';
import { objectId } from '../domain/ids.ts';
import type { ChargeOutcome, ProviderEvent, ProviderKind } from '../payments/types.ts';
import { cancelPendingCharges, findCharge, findChargeByProviderRef, moveCharge } from '../store/charges.ts';
import type { Tx } from '../store/db.ts';
import { recordEvent } from '../store/events.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { ChargeRow, ChargeStatus, EventActor } from '../store/schema.ts';
import { scheduleCharge } from './auto-payment.ts';
import type { AutoPaymentContext } from './context.ts';
import { queueCustomerEmail } from './customer-emails.ts';
import { recordProviderPayment } from './provider-payments.ts';
import { lockInvoice } from './read-invoices.ts';

/** A provider's news of a charge, as the ledger takes it. */
export interface ChargeNews {
  status: 'succeeded' | 'processing' | 'failed';
  ref: string;
  reason?: string;
  brand?: string;
  last4?: string;
  /** Whether a failure is tried again: not when the customer must act (3-D Secure). */
  retry: boolean;
}

/** The provider's answer to our charge call. */
export function newsOf(outcome: ChargeOutcome, charge: ChargeRow): ChargeNews {
  switch (outcome.status) {
    case 'succeeded':
      return {
        status: 'succeeded',
        ref: outcome.ref,
        brand: outcome.brand,
        last4: outcome.last4,
        retry: false,
      };
    case 'processing':
      return { status: 'processing', ref: outcome.ref, retry: false };
    case 'requires_action':
      return { status: 'failed', ref: outcome.ref, reason: outcome.reason, retry: false };
    case 'failed':
      // A refusal before any PaymentIntent existed still enters the ledger, under the attempt's own name.
      return {
        status: 'failed',
        ref: outcome.ref ?? `charge_${charge.id}`,
        reason: outcome.reason,
        retry: true,
      };
  }
}

/**
 * Enters the news; the charge moves (from one of `from`) to its payment's status. Only the one that
 * moves the charge sends the email and schedules the next attempt, so news that comes twice (the
 * worker's answer and the provider's event) acts once.
 */
export async function applyChargeNews(
  ctx: AutoPaymentContext,
  trx: Tx,
  stored: StoredInvoice,
  charge: ChargeRow,
  news: ChargeNews,
  actor: EventActor,
  from: ChargeStatus[],
): Promise<void> {
  const recorded = await recordProviderPayment(trx, stored, {
    provider: charge.provider,
    ref: news.ref,
    amount: charge.amount,
    tip: 0,
    status: news.status,
    brand: news.brand,
    last4: news.last4,
    failureReason: news.reason,
    savedMethod: { customerRef: charge.customer_ref, methodRef: charge.method_ref },
    entryIds: charge.schedule_entry_id === null ? [] : [charge.schedule_entry_id],
    actor,
    source: { chargeId: charge.id },
  });
  const { payment, invoice } = recorded;
  const status = payment.status === 'refunded' ? 'succeeded' : payment.status;
  const moved = await moveCharge(trx, charge.id, from, {
    status,
    provider_ref: news.ref,
    payment_id: payment.id,
    last_error: status === 'failed' ? (payment.failure_reason ?? news.reason ?? null) : null,
  });
  if (!moved) return;
  if (status === 'succeeded') {
    await queueCustomerEmail(ctx, trx, invoice, { kind: 'receipt', paymentId: payment.id });
    // The invoice's other charges would only find it paid when they run.
    if (invoice.invoice.status === 'paid') await cancelPendingCharges(trx, invoice.invoice.id);
  }
  if (status === 'failed') await chargeFailed(ctx, trx, invoice, moved, news.retry, actor);
}

async function chargeFailed(
  ctx: AutoPaymentContext,
  trx: Tx,
  stored: StoredInvoice,
  charge: ChargeRow,
  retry: boolean,
  actor: EventActor,
): Promise<void> {
  const { invoice } = stored;
  const open = invoice.status !== 'paid' && invoice.status !== 'void';
  const nextRunAt = retry && open ? retryRunAt(charge.attempt, new Date()) : undefined;
  await recordEvent(trx, {
    invoiceId: invoice.id,
    locationId: invoice.location_id,
    type: 'charge_failed',
    actor,
    data: {
      chargeId: charge.id,
      paymentId: charge.payment_id,
      attempt: charge.attempt,
      reason: charge.last_error,
      nextAttemptAt: nextRunAt?.toISOString() ?? null,
    },
  });
  await queueCustomerEmail(ctx, trx, stored, { kind: 'payment_failed', chargeId: charge.id });
  if (nextRunAt === undefined) return;
  const attempt = charge.attempt + 1;
  await scheduleCharge(
    ctx,
    trx,
    {
      id: objectId(),
      invoice_id: charge.invoice_id,
      location_id: charge.location_id,
      schedule_entry_id: charge.schedule_entry_id,
      provider: charge.provider,
      customer_ref: charge.customer_ref,
      method_ref: charge.method_ref,
      currency: charge.currency,
      amount: charge.amount,
      attempt,
      run_at: nextRunAt,
      idempotency_key: chargeKey(charge.invoice_id, charge.schedule_entry_id, attempt),
    },
    actor,
  );
}

export type ChargeEvent = Extract<ProviderEvent, { kind: `payment_${string}` }>;

const EVENT_STATUS = {
  payment_succeeded: 'succeeded',
  payment_processing: 'processing',
  payment_failed: 'failed',
} as const;

/**
 * handleProviderEvent's `onCharge` (the Stripe webhook route passes it): a provider's event about one of
 * our charges, in the event's transaction. The payment always enters the ledger. The charge moves only
 * from `processing` (a bank debit settling): while it is `charging`, the worker's own answer, for the
 * same idempotency key, moves it and knows whether a failure may be retried.
 */
export function chargeEventHandler(ctx: AutoPaymentContext, provider: ProviderKind = 'stripe') {
  return async (trx: Tx, event: ChargeEvent): Promise<void> => {
    const named = event.metadata.chargeId ? await findCharge(trx, event.metadata.chargeId) : undefined;
    const found = named ?? (await findChargeByProviderRef(trx, provider, event.paymentRef));
    if (!found || found.provider !== provider) return;
    const stored = await lockInvoice(trx, found.location_id, found.invoice_id);
    const charge = (await findCharge(trx, found.id))!;
    const news: ChargeNews = {
      status: EVENT_STATUS[event.kind],
      ref: event.paymentRef,
      reason: event.reason,
      brand: event.brand,
      last4: event.last4,
      retry: true,
    };
    await applyChargeNews(ctx, trx, stored, charge, news, { system: `${provider}-webhook` }, ['processing']);
  };
}
