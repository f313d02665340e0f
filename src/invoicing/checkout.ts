/**
 * The customer pays from the hosted page (docs/payments.md): what is paid (what is due, or the next
 * schedule entry, and a tip), through the test provider in test mode or Stripe Checkout in live mode.
 */
import { objectId } from '../domain/ids.ts';
import { amountPaid, assertPaymentAccepted } from '../domain/ledger.ts';
import { percentOf, toDecimal } from '../domain/money.ts';
import { nextEntry } from '../domain/payment-schedule.ts';
import { AppError, Errors } from '../errors.ts';
import { StripeAmountError, stripeAmount } from '../payments/stripe-currency.ts';
import type { PaymentProvider } from '../payments/types.ts';
import { insertCheckoutSession, updateCheckoutSession } from '../store/checkout-sessions.ts';
import { findInvoiceByPublicToken, type StoredInvoice } from '../store/invoices.ts';
import { findPaymentCustomer, savePaymentCustomer } from '../store/payment-customers.ts';
import { ledgerOf } from '../store/payments.ts';
import { getLocation } from '../store/tenants.ts';
import type { PaymentsContext } from './context.ts';
import { amountOpen } from './record-payment.ts';

export interface CheckoutChoice {
  /** What is due, or the next schedule entry. */
  pay: 'due' | 'next_entry';
  /** One of the invoice's tipsConfiguration.tipsPercentage, when tips are enabled. */
  tipPercent?: number;
  saveMethod: boolean;
}

/** The provider an invoice is paid through: the test provider in test mode, Stripe in live mode. */
export function providerFor(
  ctx: PaymentsContext,
  invoice: StoredInvoice['invoice'],
): PaymentProvider | undefined {
  return invoice.live_mode ? ctx.providers.stripe : ctx.providers.test;
}

/** The percentages a customer may tip, when the invoice enables tips. */
export function tipChoices(invoice: StoredInvoice['invoice']): number[] {
  const tips = invoice.extra.tipsConfiguration as
    | { tipsEnabled?: unknown; tipsPercentage?: unknown }
    | undefined;
  if (tips?.tipsEnabled !== true || !Array.isArray(tips.tipsPercentage)) return [];
  return tips.tipsPercentage.map(Number).filter((p) => Number.isFinite(p) && p > 0 && p <= 100);
}

/** What the customer pays now: minor units and the schedule entries it settles. */
export async function amountToPay(stored: StoredInvoice, ctx: PaymentsContext, pay: CheckoutChoice['pay']) {
  const ledger = await ledgerOf(ctx.store.db, stored.invoice.id);
  const processing = ledger.filter((p) => p.status === 'processing').reduce((s, p) => s + p.amount, 0);
  const due = amountOpen({ ...stored.invoice, amount_paid: amountPaid(ledger) }, processing);
  const entry = pay === 'next_entry' ? nextEntry(stored.invoice.payment_schedule) : undefined;
  if (!entry || entry.amount >= due) return { amount: due, entryIds: entry ? [entry._id] : [] };
  return { amount: entry.amount, entryIds: [entry._id] };
}

/** Stripe's own currency rules (three-decimal amounts must end in 0): a 400 saying so, before any request. */
function chargeableByStripe(currency: string, ...amounts: number[]): void {
  try {
    for (const amount of amounts) if (amount > 0) stripeAmount(amount, currency);
  } catch (err) {
    if (err instanceof StripeAmountError) throw Errors.badRequest(err.message);
    throw err;
  }
}

/** Starts a checkout for the invoice behind a page link; returns where the customer goes to pay. */
export async function startCheckout(
  ctx: PaymentsContext,
  token: string,
  choice: CheckoutChoice,
): Promise<{ url: string }> {
  const stored = await findInvoiceByPublicToken(ctx.store.db, token);
  if (!stored) throw Errors.invoiceNotFound();
  const { invoice } = stored;
  assertPaymentAccepted(invoice.status);
  const provider = providerFor(ctx, invoice);
  if (!provider) throw new AppError('unavailable', 'Online payment is not set up for this invoice');
  const { amount, entryIds } = await amountToPay(stored, ctx, choice.pay);
  if (amount <= 0) throw Errors.badRequest('Nothing is due on this invoice');
  const tips = tipChoices(invoice);
  if (choice.tipPercent !== undefined && !tips.includes(choice.tipPercent)) {
    throw Errors.badRequest('That tip is not one this invoice offers');
  }
  const tip = choice.tipPercent === undefined ? 0 : percentOf(amount, toDecimal(choice.tipPercent));
  if (provider.kind === 'stripe') chargeableByStripe(invoice.currency, amount, tip);

  const location = await getLocation(ctx.store.db, invoice.location_id);
  const account = invoice.live_mode ? (location?.stripe_account_id ?? undefined) : undefined;
  const contact = invoice.contact_details;
  let customerRef: string | undefined;
  if (choice.saveMethod) {
    const known = await findPaymentCustomer(ctx.store.db, invoice.location_id, contact.id, provider.kind);
    const ref = await provider.ensureCustomer({
      existingRef: known,
      email: contact.email,
      name: contact.name,
      account,
    });
    customerRef = await savePaymentCustomer(ctx.store.db, {
      locationId: invoice.location_id,
      contactId: contact.id,
      provider: provider.kind,
      customerRef: ref,
    });
  }
  const session = await insertCheckoutSession(ctx.store.db, {
    id: objectId(),
    invoice_id: invoice.id,
    location_id: invoice.location_id,
    provider: provider.kind,
    provider_ref: null,
    currency: invoice.currency,
    amount,
    tip_amount: tip,
    schedule_entry_ids: entryIds,
    save_method: choice.saveMethod,
    card_brand: null,
    card_last4: null,
    status: 'open',
    failure_reason: null,
    payment_id: null,
  });
  const pageUrl = `${ctx.publicUrl}/i/${token}`;
  const number =
    invoice.invoice_number === null ? '' : ` ${invoice.invoice_number_prefix ?? ''}${invoice.invoice_number}`;
  const created = await provider.createCheckout({
    metadata: {
      invoiceId: invoice.id,
      locationId: invoice.location_id,
      sessionId: session.id,
      entryIds: entryIds.join(','),
    },
    description: `Invoice${number} from ${invoice.business_details.name ?? location?.name ?? ''}`.trim(),
    currency: invoice.currency,
    amount,
    tip,
    customerRef,
    customerEmail: contact.email,
    saveMethod: choice.saveMethod,
    successUrl: `${pageUrl}?paid=${session.id}`,
    cancelUrl: pageUrl,
    account,
  });
  await updateCheckoutSession(ctx.store.db, session.id, { provider_ref: created.ref });
  return { url: created.url };
}
