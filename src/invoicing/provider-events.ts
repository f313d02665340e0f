/**
 * A provider's webhook event (Stripe's, verified and reduced by src/payments/stripe.ts), processed once
 * by its id in the transaction that acts on it; events may come twice and in any order (docs/payments.md).
 */

import { objectId } from '../domain/ids.ts';
import { Errors } from '../errors.ts';
import type { ProviderEvent, ProviderKind } from '../payments/types.ts';
import { findChargeByProviderRef } from '../store/charges.ts';
import {
  findCheckoutSession,
  findCheckoutSessionByRef,
  updateCheckoutSession,
} from '../store/checkout-sessions.ts';
import type { Tx } from '../store/db.ts';
import {
  claimProviderEvent,
  findPayment,
  findPaymentByProviderRef,
  findRefundByProviderRef,
  insertRefund,
  updateRefundStatus,
} from '../store/payments.ts';
import type { CheckoutSessionRow } from '../store/schema.ts';
import type { PaymentsContext } from './context.ts';
import { queueCustomerEmail } from './customer-emails.ts';
import { recordProviderPayment } from './provider-payments.ts';
import { lockInvoice } from './read-invoices.ts';
import { applyRefund } from './refund-payment.ts';

export type EventOutcome = 'processed' | 'duplicate' | 'ignored';

const STATUS = { paid: 'succeeded', processing: 'processing' } as const;

async function sessionOf(
  trx: Tx,
  provider: ProviderKind,
  sessionRef: string | undefined,
  sessionId?: string,
) {
  if (sessionId) {
    const byId = await findCheckoutSession(trx, sessionId);
    if (byId) return byId;
  }
  return sessionRef ? findCheckoutSessionByRef(trx, provider, sessionRef) : undefined;
}

/** A payment made through one of our checkout sessions (its amounts and entries are the session's). */
async function sessionPayment(
  ctx: PaymentsContext,
  trx: Tx,
  provider: ProviderKind,
  session: CheckoutSessionRow,
  payment: {
    ref: string;
    status: 'succeeded' | 'processing' | 'failed';
    brand?: string;
    last4?: string;
    reason?: string;
    customerRef?: string;
    methodRef?: string;
  },
): Promise<void> {
  const stored = await lockInvoice(trx, session.location_id, session.invoice_id);
  const result = await recordProviderPayment(trx, stored, {
    provider,
    ref: payment.ref,
    amount: session.amount,
    tip: session.tip_amount,
    status: payment.status,
    brand: payment.brand,
    last4: payment.last4,
    failureReason: payment.reason,
    // Only a method the customer chose to save is offered for later charges.
    savedMethod:
      session.save_method && payment.customerRef && payment.methodRef
        ? { customerRef: payment.customerRef, methodRef: payment.methodRef }
        : undefined,
    entryIds: session.schedule_entry_ids,
    actor: { system: `${provider}-webhook` },
    source: { sessionId: session.id },
  });
  const status =
    payment.status === 'failed' ? 'failed' : payment.status === 'succeeded' ? 'completed' : session.status;
  await updateCheckoutSession(trx, session.id, { status, payment_id: result.payment.id });
  if (result.changed && payment.status === 'succeeded') {
    await queueCustomerEmail(ctx, trx, result.invoice, { kind: 'receipt', paymentId: result.payment.id });
  }
}

async function refundUpdate(
  trx: Tx,
  provider: ProviderKind,
  event: Extract<ProviderEvent, { kind: 'refund_updated' }>,
) {
  const payment = await findPaymentByProviderRef(trx, provider, event.paymentRef);
  if (!payment) return 'ignored';
  const stored = await lockInvoice(trx, payment.location_id, payment.invoice_id);
  const known = await findRefundByProviderRef(trx, provider, event.refundRef);
  // A refund made elsewhere (the provider's dashboard) enters the ledger too.
  const refund =
    known ??
    (await insertRefund(trx, {
      id: objectId(),
      payment_id: payment.id,
      invoice_id: payment.invoice_id,
      location_id: payment.location_id,
      amount: event.amount,
      provider,
      provider_ref: event.refundRef,
      status: 'pending',
      reason: null,
    }));
  if (refund.status !== 'pending' || event.status === 'pending') return 'processed';
  await updateRefundStatus(trx, refund.id, event.status);
  if (event.status === 'succeeded') {
    const current = (await findPayment(trx, payment.location_id, payment.id))!;
    await applyRefund(
      trx,
      stored,
      current,
      { ...refund, status: 'succeeded' },
      { system: `${provider}-webhook` },
    );
  }
  return 'processed';
}

export async function handleProviderEvent(
  ctx: PaymentsContext,
  provider: ProviderKind,
  event: ProviderEvent,
  onCharge?: (trx: Tx, event: Extract<ProviderEvent, { kind: `payment_${string}` }>) => Promise<void>,
): Promise<EventOutcome> {
  if (event.kind === 'ignored') return 'ignored';
  return ctx.store.db.transaction().execute(async (trx): Promise<EventOutcome> => {
    if (!(await claimProviderEvent(trx, provider, event.id))) return 'duplicate';
    if (event.kind === 'refund_updated') return (await refundUpdate(trx, provider, event)) as EventOutcome;
    if (event.kind === 'checkout_completed') {
      const session = await sessionOf(trx, provider, event.sessionRef, event.metadata.sessionId);
      if (!session) return 'ignored';
      if (event.paymentStatus === 'unpaid') return 'processed';
      if (!event.paymentRef) throw Errors.badRequest('checkout completed without a payment');
      await sessionPayment(ctx, trx, provider, session, {
        ref: event.paymentRef,
        status: STATUS[event.paymentStatus],
        brand: event.brand,
        last4: event.last4,
        customerRef: event.customerRef,
        methodRef: event.methodRef,
      });
      return 'processed';
    }
    const status =
      event.kind === 'payment_succeeded'
        ? 'succeeded'
        : event.kind === 'payment_failed'
          ? 'failed'
          : 'processing';
    const news = {
      ref: event.paymentRef,
      status,
      brand: event.brand,
      last4: event.last4,
      reason: event.reason,
      customerRef: event.customerRef,
      methodRef: event.methodRef,
    } as const;
    if (event.metadata.chargeId || (await findChargeByProviderRef(trx, provider, event.paymentRef))) {
      await onCharge?.(trx, event);
      return onCharge ? 'processed' : 'ignored';
    }
    const session = await sessionOf(trx, provider, undefined, event.metadata.sessionId);
    if (session) {
      await sessionPayment(ctx, trx, provider, session, news);
      return 'processed';
    }
    const payment = await findPaymentByProviderRef(trx, provider, event.paymentRef);
    if (!payment) return 'ignored';
    const stored = await lockInvoice(trx, payment.location_id, payment.invoice_id);
    await recordProviderPayment(trx, stored, {
      provider,
      ref: event.paymentRef,
      amount: payment.amount,
      tip: payment.tip_amount,
      status,
      failureReason: event.reason,
      entryIds: payment.schedule_entry_ids,
      actor: { system: `${provider}-webhook` },
      source: {},
    });
    return 'processed';
  });
}
