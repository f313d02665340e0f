/**
 * An auto-payment charge attempt, run by the charge workers (src/jobs/charge-workers.ts; docs/send-invoice.md
 * §4): claimed (scheduled -> charging, committed), charged outside any transaction with the attempt's
 * idempotency key, then its outcome entered with the invoice locked. A crash between the two leaves it
 * `charging`; the job's retry charges again with the same key, which the provider answers with the same
 * payment, so nobody is charged twice.
 */
import { amountPaid } from '../domain/ledger.ts';
import type { PaymentProvider } from '../payments/types.ts';
import { chargesOf, findCharge, moveCharge } from '../store/charges.ts';
import type { Tx } from '../store/db.ts';
import { recordEvent } from '../store/events.ts';
import { findInvoice, type StoredInvoice } from '../store/invoices.ts';
import { ledgerOf } from '../store/payments.ts';
import type { ChargeRow } from '../store/schema.ts';
import { stripeAccountOf } from './auto-payment.ts';
import { applyChargeNews, newsOf } from './charge-outcome.ts';
import type { AutoPaymentContext } from './context.ts';
import { amountOpen } from './record-payment.ts';

export type ChargeRun = 'charged' | 'cancelled' | 'done' | 'missing';

const ACTOR = { system: 'auto-payment' };

/** Why a scheduled charge must not run now, or, when it may, the amount it takes. */
async function decide(
  trx: Tx,
  stored: StoredInvoice,
  charge: ChargeRow,
): Promise<{ reason: string } | { amount: number }> {
  const { invoice } = stored;
  if (invoice.status === 'paid' || invoice.status === 'void')
    return { reason: `the invoice is ${invoice.status}` };
  const entry = invoice.payment_schedule?.schedules.find((e) => e._id === charge.schedule_entry_id);
  if (charge.schedule_entry_id !== null && entry?.status !== 'pending') {
    return { reason: entry ? 'the schedule entry is paid' : 'the schedule entry no longer exists' };
  }
  const ledger = await ledgerOf(trx, invoice.id);
  const processing = ledger.filter((p) => p.status === 'processing').reduce((s, p) => s + p.amount, 0);
  // Charges of the invoice under way now are not in the ledger yet.
  const inFlight = (await chargesOf(trx, invoice.id))
    .filter((c) => c.status === 'charging' && c.id !== charge.id)
    .reduce((s, c) => s + c.amount, 0);
  const open = amountOpen({ ...invoice, amount_paid: amountPaid(ledger) }, processing) - inFlight;
  const amount = Math.min(entry?.amount ?? open, open);
  return amount > 0 ? { amount } : { reason: 'nothing is due' };
}

/** Scheduled -> charging (committed), or the charge ends; a charge found `charging` is charged again as it is. */
async function claim(
  ctx: AutoPaymentContext,
  chargeId: string,
): Promise<
  { kind: Exclude<ChargeRun, 'charged'> } | { kind: 'charge'; charge: ChargeRow; stored: StoredInvoice }
> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const seen = await findCharge(trx, chargeId);
    if (!seen) return { kind: 'missing' as const };
    const stored = await findInvoice(trx, seen.location_id, seen.invoice_id, { forUpdate: true });
    // Read again under the invoice's lock: a void, a payment or another worker may have moved it meanwhile.
    const charge = await findCharge(trx, chargeId);
    if (!stored || !charge) return { kind: 'missing' as const };
    if (charge.status === 'charging') return { kind: 'charge' as const, charge, stored };
    if (charge.status !== 'scheduled') return { kind: 'done' as const };
    const decision = await decide(trx, stored, charge);
    if ('reason' in decision) {
      await moveCharge(trx, chargeId, ['scheduled'], { status: 'cancelled', last_error: decision.reason });
      await recordEvent(trx, {
        invoiceId: charge.invoice_id,
        locationId: charge.location_id,
        type: 'charges_cancelled',
        actor: ACTOR,
        data: { charges: 1, chargeId, reason: decision.reason },
      });
      return { kind: 'cancelled' as const };
    }
    const claimed = await moveCharge(trx, chargeId, ['scheduled'], {
      status: 'charging',
      amount: decision.amount,
    });
    return { kind: 'charge' as const, charge: claimed!, stored };
  });
}

function providerOf(ctx: AutoPaymentContext, charge: ChargeRow): PaymentProvider {
  const provider = ctx.providers[charge.provider];
  // Thrown, so the job is retried: a worker started without Stripe's keys is a deployment to fix.
  if (!provider)
    throw new Error(
      `charge ${charge.id} is a ${charge.provider} charge and ${charge.provider} is not configured`,
    );
  return provider;
}

/** Only what a send fixed: a repeated call with the key must have the same parameters as the first. */
function describe({ invoice }: StoredInvoice): string {
  if (invoice.invoice_number === null) return 'Invoice';
  return `Invoice ${invoice.invoice_number_prefix ?? ''}${invoice.invoice_number}`;
}

/**
 * The charge job. A provider call that throws (network, 5xx) fails the job, and its retry charges with
 * the same key; a declined or unconfirmed card is an answer, entered as a failed payment.
 */
export async function runCharge(ctx: AutoPaymentContext, chargeId: string): Promise<ChargeRun> {
  const claimed = await claim(ctx, chargeId);
  if (claimed.kind !== 'charge') return claimed.kind;
  const { charge, stored } = claimed;
  const provider = providerOf(ctx, charge);
  const account =
    charge.provider === 'stripe' ? await stripeAccountOf(ctx.store.db, charge.location_id) : undefined;
  const outcome = await provider.charge({
    metadata: {
      invoiceId: charge.invoice_id,
      locationId: charge.location_id,
      chargeId: charge.id,
      ...(charge.schedule_entry_id !== null ? { entryIds: charge.schedule_entry_id } : {}),
    },
    customerRef: charge.customer_ref,
    methodRef: charge.method_ref,
    currency: charge.currency,
    amount: charge.amount,
    idempotencyKey: charge.idempotency_key,
    description: describe(stored),
    ...(account !== undefined ? { account } : {}),
  });
  await ctx.store.db.transaction().execute(async (trx) => {
    const locked = await findInvoice(trx, charge.location_id, charge.invoice_id, { forUpdate: true });
    const current = await findCharge(trx, chargeId);
    if (!locked || !current) return;
    await applyChargeNews(ctx, trx, locked, current, newsOf(outcome, current), ACTOR, ['charging']);
  });
  return 'charged';
}

/**
 * The charge job's retries ran out (the provider could not be reached for hours). Whether the provider
 * took the money is unknown, so the charge is failed and recorded, with no email and no new attempt;
 * a late provider event still enters its payment in the ledger.
 */
export async function buryCharge(ctx: AutoPaymentContext, chargeId: string): Promise<void> {
  await ctx.store.db.transaction().execute(async (trx) => {
    const seen = await findCharge(trx, chargeId);
    if (!seen) return;
    await findInvoice(trx, seen.location_id, seen.invoice_id, { forUpdate: true });
    const reason =
      'the payment provider could not be reached and the retries ran out; check its dashboard before charging again';
    const buried = await moveCharge(trx, chargeId, ['scheduled', 'charging'], {
      status: 'failed',
      last_error: reason,
    });
    if (!buried) return;
    await recordEvent(trx, {
      invoiceId: buried.invoice_id,
      locationId: buried.location_id,
      type: 'charge_failed',
      actor: ACTOR,
      data: { chargeId, paymentId: null, attempt: buried.attempt, reason, nextAttemptAt: null },
    });
  });
}
