/**
 * The test provider's checkout (test mode, docs/payments.md): the customer enters one of Stripe's test
 * card numbers on our TEST page; the number decides the outcome. Only its brand and last 4 digits are
 * kept, and only while its holder is asked to confirm or when the card is saved.
 */
import { objectId } from '../domain/ids.ts';
import { cardBrand, DECLINE_MESSAGES, type TestCardOutcome, testCardOutcome } from '../domain/test-cards.ts';
import { Errors } from '../errors.ts';
import {
  findCheckoutSession,
  lockCheckoutSession,
  updateCheckoutSession,
} from '../store/checkout-sessions.ts';
import type { Tx } from '../store/db.ts';
import { recordEvent } from '../store/events.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { findPaymentCustomer } from '../store/payment-customers.ts';
import type { CheckoutSessionRow } from '../store/schema.ts';
import { insertTestMethod } from '../store/test-methods.ts';
import type { PaymentsContext } from './context.ts';
import { queueCustomerEmail } from './customer-emails.ts';
import { recordProviderPayment } from './provider-payments.ts';
import { lockInvoice } from './read-invoices.ts';

export type TestCheckoutResult =
  | { kind: 'paid'; sessionId: string }
  | { kind: 'confirm' }
  | { kind: 'declined'; message: string }
  | { kind: 'invalid'; message: string };

export const INVALID_CARD = 'That is not one of the test card numbers; use 4242 4242 4242 4242 to pay.';

/** A test checkout session; a 404 for an unknown one or one of another provider. */
export async function testCheckoutSession(
  ctx: PaymentsContext,
  sessionId: string,
): Promise<CheckoutSessionRow> {
  const session = await findCheckoutSession(ctx.store.db, sessionId);
  if (session?.provider !== 'test') throw Errors.notFound('Checkout session not found');
  return session;
}

async function decline(ctx: PaymentsContext, session: CheckoutSessionRow, outcome: TestCardOutcome) {
  const message = DECLINE_MESSAGES[outcome as Exclude<TestCardOutcome, 'succeeds'>];
  await ctx.store.db.transaction().execute(async (trx) => {
    await updateCheckoutSession(trx, session.id, { status: 'open', failure_reason: message });
    await recordEvent(trx, {
      invoiceId: session.invoice_id,
      locationId: session.location_id,
      type: 'payment_failed',
      actor: { kind: 'customer' },
      data: { sessionId: session.id, provider: 'test', reason: message },
    });
  });
  return { kind: 'declined' as const, message };
}

/** "Save this card": a test method of the contact's test customer (kept when the checkout began). */
async function saveTestMethod(
  trx: Tx,
  stored: StoredInvoice,
  card: { brand: string; last4: string; outcome: TestCardOutcome },
): Promise<{ customerRef: string; methodRef: string } | undefined> {
  const { location_id: locationId, contact_details: contact } = stored.invoice;
  const customerRef = await findPaymentCustomer(trx, locationId, contact.id, 'test');
  if (!customerRef) return undefined;
  const methodRef = `pm_test_${objectId()}`;
  await insertTestMethod(trx, { id: methodRef, locationId, customerRef, ...card });
  return { customerRef, methodRef };
}

/** The card was accepted: the payment in the ledger, the card saved when asked, the receipt queued. */
async function complete(
  ctx: PaymentsContext,
  sessionId: string,
  card: { brand: string; last4: string; outcome: TestCardOutcome },
): Promise<TestCheckoutResult> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const session = (await lockCheckoutSession(trx, sessionId))!;
    if (session.status === 'completed') return { kind: 'paid', sessionId };
    const stored = await lockInvoice(trx, session.location_id, session.invoice_id);
    const savedMethod = session.save_method ? await saveTestMethod(trx, stored, card) : undefined;
    const { invoice, payment } = await recordProviderPayment(trx, stored, {
      provider: 'test',
      ref: `pi_test_${session.id}`,
      amount: session.amount,
      tip: session.tip_amount,
      status: 'succeeded',
      brand: card.brand,
      last4: card.last4,
      savedMethod,
      entryIds: session.schedule_entry_ids,
      actor: { kind: 'customer' },
      source: { sessionId },
    });
    await updateCheckoutSession(trx, sessionId, {
      status: 'completed',
      payment_id: payment.id,
      failure_reason: null,
    });
    await queueCustomerEmail(ctx, trx, invoice, { kind: 'receipt', paymentId: payment.id });
    return { kind: 'paid', sessionId };
  });
}

/** The test checkout form was submitted with a card number. */
export async function payTestCheckout(
  ctx: PaymentsContext,
  sessionId: string,
  form: { cardNumber: string },
): Promise<TestCheckoutResult> {
  const session = await testCheckoutSession(ctx, sessionId);
  if (session.status === 'completed') return { kind: 'paid', sessionId };
  const outcome = testCardOutcome(form.cardNumber);
  if (outcome === undefined) return { kind: 'invalid', message: INVALID_CARD };
  const digits = form.cardNumber.replace(/[\s-]/g, '');
  const card = { brand: cardBrand(digits), last4: digits.slice(-4), outcome };
  if (outcome === 'requires_confirmation') {
    await updateCheckoutSession(ctx.store.db, sessionId, {
      status: 'awaiting_confirmation',
      card_brand: card.brand,
      card_last4: card.last4,
    });
    return { kind: 'confirm' };
  }
  if (outcome !== 'succeeds') return decline(ctx, session, outcome);
  return complete(ctx, sessionId, card);
}

/** The card holder's answer to the confirmation step (the 3-D Secure stand-in). */
export async function confirmTestCheckout(
  ctx: PaymentsContext,
  sessionId: string,
  approve: boolean,
): Promise<TestCheckoutResult> {
  const session = await testCheckoutSession(ctx, sessionId);
  if (session.status === 'completed') return { kind: 'paid', sessionId };
  if (session.status !== 'awaiting_confirmation' || !session.card_brand || !session.card_last4) {
    return { kind: 'invalid', message: 'There is nothing to confirm; enter the card again.' };
  }
  if (!approve) {
    const message = 'The card holder did not confirm the payment.';
    await updateCheckoutSession(ctx.store.db, sessionId, { status: 'open', failure_reason: message });
    return { kind: 'declined', message };
  }
  // Saved, it stays a card that needs its holder: an off-session charge of it cannot succeed.
  return complete(ctx, sessionId, {
    brand: session.card_brand,
    last4: session.card_last4,
    outcome: 'requires_confirmation',
  });
}
