/**
 * A send's autoPayment (docs/send-invoice.md §4): the provider's lookup of the method, made before the
 * send's transaction so no row lock waits on the network, and the charges the send schedules in it.
 */
import {
  autoPaymentRefusal,
  chargeKey,
  chargeRunAt,
  methodOf,
  plannedCharges,
  storedAutoPayment,
} from '../domain/auto-payment.ts';
import { objectId } from '../domain/ids.ts';
import type { AutoPayment } from '../domain/invoice.ts';
import { amountPaid } from '../domain/ledger.ts';
import { AppError, Errors } from '../errors.ts';
import type { PaymentProvider, ProviderKind, SavedMethod } from '../payments/types.ts';
import { cancelPendingCharges, insertCharge } from '../store/charges.ts';
import type { Db, Tx } from '../store/db.ts';
import { recordEvent } from '../store/events.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { ledgerOf } from '../store/payments.ts';
import type { ChargeRow, EventActor } from '../store/schema.ts';
import { getLocation } from '../store/tenants.ts';
import type { AutoPaymentContext, PaymentsContext } from './context.ts';
import { amountOpen } from './record-payment.ts';

/** What a send's autoPayment comes to; a refusal is thrown inside the send, after §1 row 10. */
export type AutoPaymentCheck =
  | { kind: 'refused'; error: AppError }
  | { kind: 'disabled'; stored: AutoPayment }
  | { kind: 'enabled'; stored: AutoPayment; provider: ProviderKind; method: SavedMethod };

const PROVIDER_NAMES: Record<ProviderKind, string> = { test: 'the test provider', stripe: 'Stripe' };

/** The provider that charges an invoice: the test provider in test mode, Stripe in live mode. */
export function chargingProvider(ctx: PaymentsContext, liveMode: boolean): PaymentProvider | undefined {
  return liveMode ? ctx.providers.stripe : ctx.providers.test;
}

/** A location's own Stripe account (Connect), for live-mode calls. */
export async function stripeAccountOf(db: Db, locationId: string): Promise<string | undefined> {
  return (await getLocation(db, locationId))?.stripe_account_id ?? undefined;
}

/**
 * Checks a send's autoPayment without a transaction: its display data, then whether the invoice's
 * provider knows the method for the customer (a network call for Stripe). Undefined without one.
 */
export async function checkAutoPayment(
  ctx: PaymentsContext,
  request: { altId: string; liveMode: boolean; autoPayment?: AutoPayment },
): Promise<AutoPaymentCheck | undefined> {
  const { autoPayment } = request;
  if (autoPayment === undefined) return undefined;
  const refused = (error: AppError) => ({ kind: 'refused' as const, error });
  const refusal = autoPaymentRefusal(autoPayment);
  if (refusal !== undefined) return refused(Errors.unprocessable(refusal));
  if (!autoPayment.enable) return { kind: 'disabled', stored: storedAutoPayment(autoPayment) };
  const provider = chargingProvider(ctx, request.liveMode);
  if (!provider) {
    return refused(
      Errors.unprocessable(
        'autoPayment: a live-mode invoice is charged through Stripe, which is not configured (STRIPE_SECRET_KEY)',
      ),
    );
  }
  const { field, ref } = methodOf(autoPayment)!;
  const customerId = autoPayment.customerId!;
  let method: SavedMethod | undefined;
  try {
    const account = request.liveMode ? await stripeAccountOf(ctx.store.db, request.altId) : undefined;
    method = await provider.findMethod(customerId, ref, account);
  } catch {
    return refused(
      new AppError(
        'unavailable',
        `autoPayment: ${PROVIDER_NAMES[provider.kind]} could not be reached to check the payment method; nothing was changed, try again`,
      ),
    );
  }
  if (!method) {
    return refused(
      Errors.unprocessable(
        `autoPayment.${field} ${ref} is not a payment method ${PROVIDER_NAMES[provider.kind]} knows for customer ${customerId}`,
      ),
    );
  }
  return { kind: 'enabled', stored: storedAutoPayment(autoPayment, method), provider: provider.kind, method };
}

/** A new attempt: its row, its job at run_at and a `charge_scheduled` record; nothing when its key exists. */
export async function scheduleCharge(
  ctx: AutoPaymentContext,
  trx: Tx,
  charge: Omit<
    ChargeRow,
    'created_at' | 'updated_at' | 'status' | 'provider_ref' | 'last_error' | 'payment_id'
  >,
  actor: EventActor,
): Promise<boolean> {
  const row = {
    ...charge,
    status: 'scheduled' as const,
    provider_ref: null,
    last_error: null,
    payment_id: null,
  };
  if (!(await insertCharge(trx, row))) return false;
  await ctx.chargeJobs.enqueue(trx, { id: charge.id, runAt: charge.run_at });
  await recordEvent(trx, {
    invoiceId: charge.invoice_id,
    locationId: charge.location_id,
    type: 'charge_scheduled',
    actor,
    data: {
      chargeId: charge.id,
      scheduleEntryId: charge.schedule_entry_id,
      attempt: charge.attempt,
      amount: charge.amount,
      currency: charge.currency,
      runAt: charge.run_at.toISOString(),
    },
  });
  return true;
}

/**
 * In the send's transaction, with the invoice as the send leaves it: auto-payment on schedules its
 * charges (each pending schedule entry on its due date, or the invoice on its own); off cancels those
 * not yet started.
 */
export async function applyAutoPayment(
  ctx: AutoPaymentContext,
  trx: Tx,
  stored: StoredInvoice,
  check: AutoPaymentCheck | undefined,
  actor: EventActor,
): Promise<void> {
  const { invoice } = stored;
  if (check?.kind === 'disabled') {
    const cancelled = await cancelPendingCharges(trx, invoice.id);
    if (cancelled === 0) return;
    await recordEvent(trx, {
      invoiceId: invoice.id,
      locationId: invoice.location_id,
      type: 'charges_cancelled',
      actor,
      data: { charges: cancelled, reason: 'auto-payment was turned off' },
    });
    return;
  }
  if (check?.kind !== 'enabled') return;
  const ledger = await ledgerOf(trx, invoice.id);
  const processing = ledger.filter((p) => p.status === 'processing').reduce((s, p) => s + p.amount, 0);
  const open = amountOpen({ ...invoice, amount_paid: amountPaid(ledger) }, processing);
  const now = new Date();
  for (const planned of plannedCharges(invoice, open)) {
    await scheduleCharge(
      ctx,
      trx,
      {
        id: objectId(),
        invoice_id: invoice.id,
        location_id: invoice.location_id,
        schedule_entry_id: planned.entryId,
        provider: check.provider,
        customer_ref: check.method.customerRef,
        method_ref: check.method.ref,
        currency: invoice.currency,
        amount: planned.amount,
        attempt: 1,
        run_at: chargeRunAt(planned.dueDate, now),
        idempotency_key: chargeKey(invoice.id, planned.entryId, 1),
      },
      actor,
    );
  }
}
