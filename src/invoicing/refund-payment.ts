/**
 * POST /invoices/{invoiceId}/refund (our addition) and `hl-invoices payment refund`: a manual payment is
 * reversed with a ledger entry; an online one through its provider, then entered in the ledger. The
 * invoice's amounts and status follow (docs/payments.md).
 */
import { objectId } from '../domain/ids.ts';
import { MoneyError, toMajor, toMinor } from '../domain/money.ts';
import { AppError, Errors } from '../errors.ts';
import type { Tx } from '../store/db.ts';
import { recordEvent } from '../store/events.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import {
  findPayment,
  findPaymentById,
  insertRefund,
  listPayments,
  setRefundProviderRef,
  updatePayment,
  updateRefundStatus,
} from '../store/payments.ts';
import type { PaymentRow, RefundRow } from '../store/schema.ts';
import type { Actor, PaymentsContext } from './context.ts';
import { lockInvoice } from './read-invoices.ts';
import { settleInvoice } from './settle.ts';

export interface RefundInput {
  altId: string;
  paymentId?: string;
  /** Major units; absent: what is left of the payment. */
  amount?: number;
}

const refundable = (p: PaymentRow) =>
  (p.status === 'succeeded' || p.status === 'refunded') && p.amount > p.refunded_amount;

async function choosePayment(trx: Tx, invoiceId: string, input: RefundInput): Promise<PaymentRow> {
  if (input.paymentId !== undefined) {
    const payment = await findPayment(trx, input.altId, input.paymentId);
    if (!payment || payment.invoice_id !== invoiceId) {
      throw Errors.badRequest(`paymentId ${input.paymentId} is not a payment of this invoice`);
    }
    if (!refundable(payment)) throw Errors.badRequest(`Payment ${payment.id} has nothing left to refund`);
    return payment;
  }
  const candidates = (await listPayments(trx, invoiceId)).filter(refundable);
  if (candidates.length === 0) throw Errors.badRequest('The invoice has no payment to refund');
  if (candidates.length > 1)
    throw Errors.badRequest('The invoice has several payments: name one with paymentId');
  return candidates[0]!;
}

function refundAmount(payment: PaymentRow, amount: number | undefined): number {
  const left = payment.amount - payment.refunded_amount;
  if (amount === undefined) return left;
  let minor: number;
  try {
    minor = toMinor(amount, payment.currency);
  } catch (err) {
    if (err instanceof MoneyError) throw Errors.unprocessable(`amount ${err.message}`);
    throw err;
  }
  if (minor <= 0) throw Errors.badRequest('amount must be more than 0');
  if (minor > left) {
    throw Errors.badRequest(
      `amount ${toMajor(minor, payment.currency)} is more than is left of the payment, ${toMajor(left, payment.currency)} ${payment.currency}`,
    );
  }
  return minor;
}

/** Enters a refund that happened in the ledger, and settles the invoice. */
export async function applyRefund(
  trx: Tx,
  stored: StoredInvoice,
  payment: PaymentRow,
  refund: RefundRow,
  actor: object,
): Promise<StoredInvoice> {
  const refunded = payment.refunded_amount + refund.amount;
  await updatePayment(trx, payment.id, {
    refunded_amount: refunded,
    status: refunded >= payment.amount ? 'refunded' : payment.status,
    needs_refund: refunded >= payment.amount ? false : payment.needs_refund,
  });
  return settleInvoice(trx, stored, [
    {
      invoiceId: stored.invoice.id,
      locationId: stored.invoice.location_id,
      type: 'refunded',
      actor,
      data: { paymentId: payment.id, refundId: refund.id, amount: refund.amount, currency: payment.currency },
    },
  ]);
}

type RefundContext = Pick<PaymentsContext, 'store' | 'providers'>;

export async function refundPayment(
  ctx: RefundContext,
  actor: Actor | { cli: true },
  invoiceId: string,
  input: RefundInput,
): Promise<StoredInvoice> {
  const who = 'tokenId' in actor ? { tokenId: actor.tokenId } : { system: 'cli' };
  const prepared = await ctx.store.db.transaction().execute(async (trx) => {
    const stored = await lockInvoice(trx, input.altId, invoiceId);
    const payment = await choosePayment(trx, invoiceId, input);
    const amount = refundAmount(payment, input.amount);
    const refund = await insertRefund(trx, {
      id: objectId(),
      payment_id: payment.id,
      invoice_id: invoiceId,
      location_id: input.altId,
      amount,
      provider: payment.provider,
      provider_ref: null,
      status: payment.provider === null ? 'succeeded' : 'pending',
      reason: null,
    });
    // A manual payment's refund is the ledger entry itself.
    if (payment.provider === null) {
      return { done: true as const, invoice: await applyRefund(trx, stored, payment, refund, who) };
    }
    return { done: false as const, payment, refund };
  });
  if (prepared.done) return prepared.invoice;
  const { payment, refund } = prepared;
  const provider = ctx.providers[payment.provider!];
  if (!provider) throw new AppError('unavailable', `Refunds through ${payment.provider} are not configured`);
  // Outside the transaction: no row lock is held while the provider answers. The refund's id is the key,
  // so calling again after a crash refunds once.
  const outcome = await provider.refund({
    paymentRef: payment.provider_ref!,
    amount: refund.amount,
    currency: payment.currency,
    idempotencyKey: `refund:${refund.id}`,
  });
  const settled = await ctx.store.db.transaction().execute(async (trx) => {
    const stored = await lockInvoice(trx, input.altId, invoiceId);
    await setRefundProviderRef(trx, refund.id, outcome.ref);
    if (outcome.status === 'failed') {
      await updateRefundStatus(trx, refund.id, 'failed');
      await recordEvent(trx, {
        invoiceId,
        locationId: input.altId,
        type: 'refund_failed',
        actor: who,
        data: { paymentId: payment.id, refundId: refund.id, reason: outcome.reason ?? null },
      });
      return { refused: outcome.reason ?? 'no reason given' };
    }
    // A pending refund is entered when the provider reports it done (its webhook event).
    if (outcome.status === 'pending') return { invoice: stored };
    await updateRefundStatus(trx, refund.id, 'succeeded');
    const current = (await findPayment(trx, input.altId, payment.id))!;
    return { invoice: await applyRefund(trx, stored, current, { ...refund, status: 'succeeded' }, who) };
  });
  if ('refused' in settled) throw Errors.badRequest(`The refund was refused: ${settled.refused}`);
  return settled.invoice;
}

/** `hl-invoices payment refund PAYMENT_ID [--amount X]`: the payment names its invoice and location. */
export async function refundPaymentById(ctx: RefundContext, paymentId: string, amount?: number) {
  const payment = await findPaymentById(ctx.store.db, paymentId);
  if (!payment) throw Errors.notFound(`no payment with id ${paymentId}`);
  const invoice = await refundPayment(ctx, { cli: true }, payment.invoice_id, {
    altId: payment.location_id,
    paymentId,
    amount,
  });
  return { invoice, payment: (await findPaymentById(ctx.store.db, paymentId))! };
}
