/**
 * Stripe events -> ProviderEvent. Which events mean what:
 * - checkout.session.completed: the customer finished Checkout. payment_status 'paid' (or
 *   'no_payment_required') -> 'paid'; 'unpaid' on a complete session -> 'processing' (a delayed method such
 *   as a bank debit is settling: async_payment_succeeded or _failed follows); otherwise 'unpaid'.
 * - checkout.session.async_payment_succeeded -> checkout_completed, 'paid'.
 * - checkout.session.async_payment_failed -> payment_failed for the session's PaymentIntent, reason
 *   'async_payment_failed' (payment_intent.payment_failed reports the same payment too).
 * - payment_intent.succeeded / .processing / .payment_failed -> payment_*, with the metadata Checkout and
 *   charge() copy onto every PaymentIntent, and its customer and method.
 * - refund.created / .updated / .failed and charge.refund.updated -> refund_updated. charge.refunded too,
 *   when its payload lists the refunds (API versions before 2022-11-15); else it is ignored, since the
 *   refund.* events report every refund anyway.
 * - anything else -> ignored.
 * Webhook payloads are never expanded, so brand and last4 are not known here (findMethod tells them).
 */
import type Stripe from 'stripe';
import { fromStripeAmount } from './stripe-currency.ts';
import type { PaymentMetadata, ProviderEvent, RefundOutcome } from './types.ts';

const METADATA_KEYS = ['invoiceId', 'locationId', 'sessionId', 'chargeId', 'entryIds'] as const;

/** Ours -> Stripe's metadata (strings only, no empty keys). */
export function stripeMetadata(metadata: PaymentMetadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of METADATA_KEYS) {
    const value = metadata[key];
    if (value !== undefined && value !== '') out[key] = value;
  }
  return out;
}

function ourMetadata(metadata: Stripe.Metadata | null | undefined): Partial<PaymentMetadata> {
  const out: Partial<PaymentMetadata> = {};
  for (const key of METADATA_KEYS) {
    const value = metadata?.[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

/** The id of an expandable field (an id, or the object when expanded). */
export function idOf(value: string | { id: string } | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : value.id;
}

export function refundStatus(status: string | null): RefundOutcome['status'] {
  if (status === 'succeeded') return 'succeeded';
  if (status === 'failed' || status === 'canceled') return 'failed';
  return 'pending';
}

/** Why a payment failed, as Stripe says it: the issuer's decline code, else Stripe's error code. */
export function failureReason(
  error: { decline_code?: string | null; code?: string | null } | null | undefined,
) {
  return error?.decline_code || error?.code || undefined;
}

function checkoutEvent(id: string, session: Stripe.Checkout.Session, settled: boolean): ProviderEvent {
  const currency = (session.currency ?? '').toUpperCase();
  let paymentStatus: 'paid' | 'processing' | 'unpaid' = 'unpaid';
  if (settled || session.payment_status === 'paid' || session.payment_status === 'no_payment_required') {
    paymentStatus = 'paid';
  } else if (session.status === 'complete') {
    paymentStatus = 'processing';
  }
  const event: ProviderEvent = {
    id,
    kind: 'checkout_completed',
    sessionRef: session.id,
    paymentStatus,
    amountTotal: fromStripeAmount(session.amount_total ?? 0, currency),
    currency,
    metadata: ourMetadata(session.metadata),
  };
  const paymentRef = idOf(session.payment_intent);
  const customerRef = idOf(session.customer);
  if (paymentRef) event.paymentRef = paymentRef;
  if (customerRef) event.customerRef = customerRef;
  return event;
}

function paymentEvent(
  id: string,
  kind: 'payment_succeeded' | 'payment_processing' | 'payment_failed',
  intent: Stripe.PaymentIntent,
): ProviderEvent {
  const currency = intent.currency.toUpperCase();
  const amount =
    kind === 'payment_succeeded' && intent.amount_received > 0 ? intent.amount_received : intent.amount;
  const event: ProviderEvent = {
    id,
    kind,
    paymentRef: intent.id,
    amount: fromStripeAmount(amount, currency),
    currency,
    metadata: ourMetadata(intent.metadata),
  };
  const reason =
    kind === 'payment_failed' ? (failureReason(intent.last_payment_error) ?? 'payment_failed') : undefined;
  const customerRef = idOf(intent.customer);
  const methodRef = idOf(intent.payment_method) ?? idOf(intent.last_payment_error?.payment_method);
  if (reason) event.reason = reason;
  if (customerRef) event.customerRef = customerRef;
  if (methodRef) event.methodRef = methodRef;
  return event;
}

function refundEvent(
  id: string,
  type: string,
  refund: Stripe.Refund,
  paymentRef: string | undefined,
): ProviderEvent {
  if (!paymentRef) return { id, kind: 'ignored', type };
  return {
    id,
    kind: 'refund_updated',
    refundRef: refund.id,
    paymentRef,
    amount: fromStripeAmount(refund.amount, refund.currency),
    status: refundStatus(refund.status),
  };
}

function latestRefund(charge: Stripe.Charge): Stripe.Refund | undefined {
  const refunds = charge.refunds?.data ?? [];
  return refunds.reduce<Stripe.Refund | undefined>(
    (a, b) => (a && a.created >= b.created ? a : b),
    undefined,
  );
}

export function toProviderEvent(event: Stripe.Event): ProviderEvent {
  switch (event.type) {
    case 'checkout.session.completed':
      return checkoutEvent(event.id, event.data.object, false);
    case 'checkout.session.async_payment_succeeded':
      return checkoutEvent(event.id, event.data.object, true);
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object;
      const paymentRef = idOf(session.payment_intent);
      if (!paymentRef) return { id: event.id, kind: 'ignored', type: event.type };
      const currency = (session.currency ?? '').toUpperCase();
      return {
        id: event.id,
        kind: 'payment_failed',
        paymentRef,
        amount: fromStripeAmount(session.amount_total ?? 0, currency),
        currency,
        reason: 'async_payment_failed',
        metadata: ourMetadata(session.metadata),
        ...(idOf(session.customer) ? { customerRef: idOf(session.customer) } : {}),
      };
    }
    case 'payment_intent.succeeded':
      return paymentEvent(event.id, 'payment_succeeded', event.data.object);
    case 'payment_intent.processing':
      return paymentEvent(event.id, 'payment_processing', event.data.object);
    case 'payment_intent.payment_failed':
      return paymentEvent(event.id, 'payment_failed', event.data.object);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated':
      return refundEvent(event.id, event.type, event.data.object, idOf(event.data.object.payment_intent));
    case 'charge.refunded': {
      const refund = latestRefund(event.data.object);
      if (!refund) return { id: event.id, kind: 'ignored', type: event.type };
      const paymentRef = idOf(refund.payment_intent) ?? idOf(event.data.object.payment_intent);
      return refundEvent(event.id, event.type, refund, paymentRef);
    }
    default:
      return { id: event.id, kind: 'ignored', type: event.type };
  }
}
