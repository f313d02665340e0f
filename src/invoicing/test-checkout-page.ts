/**
 * The test provider's checkout pages (GET/POST /pay/test/{sessionId}): what the customer pays, and the
 * outcome of the card number they enter (test-checkout.ts), with where each outcome leads.
 */

import type { TestCheckoutView } from '../render/test-checkout.tsx';
import { findInvoice } from '../store/invoices.ts';
import type { CheckoutSessionRow } from '../store/schema.ts';
import { locationBusinessDefaults } from '../store/tenants.ts';
import type { PaymentsContext } from './context.ts';
import {
  confirmTestCheckout,
  payTestCheckout,
  type TestCheckoutResult,
  testCheckoutSession,
} from './test-checkout.ts';

export interface TestCheckoutPage {
  view: TestCheckoutView;
  /** The hosted page with the receipt: where a paid (or already completed) session goes. */
  paidUrl: string;
  completed: boolean;
}

async function pageOf(ctx: PaymentsContext, session: CheckoutSessionRow): Promise<TestCheckoutPage> {
  const stored = await findInvoice(ctx.store.db, session.location_id, session.invoice_id);
  if (!stored) throw new Error(`checkout session ${session.id} has no invoice`);
  const { invoice } = stored;
  const business = invoice.business_details.name?.trim()
    ? invoice.business_details.name
    : (await locationBusinessDefaults(ctx.store.db, invoice.location_id)).name;
  const pageUrl = `/i/${invoice.public_token}`;
  const confirming = session.status === 'awaiting_confirmation' && session.card_last4 !== null;
  return {
    view: {
      action: `/pay/test/${session.id}`,
      business,
      invoiceNumber:
        invoice.invoice_number === null
          ? null
          : `${invoice.invoice_number_prefix ?? ''}${invoice.invoice_number}`,
      currency: session.currency,
      amount: session.amount,
      tip: session.tip_amount,
      cancelUrl: pageUrl,
      step: confirming ? 'confirm' : 'card',
      ...(confirming ? { card: { brand: session.card_brand ?? 'card', last4: session.card_last4! } } : {}),
    },
    paidUrl: `${pageUrl}?paid=${session.id}`,
    completed: session.status === 'completed',
  };
}

/** The checkout as it stands (a 404 AppError for an unknown session). */
export async function testCheckoutPage(ctx: PaymentsContext, sessionId: string): Promise<TestCheckoutPage> {
  return pageOf(ctx, await testCheckoutSession(ctx, sessionId));
}

/** After a card number or the holder's answer: the outcome and the checkout as it now stands. */
async function afterOutcome(ctx: PaymentsContext, sessionId: string, result: TestCheckoutResult) {
  return { result, page: await testCheckoutPage(ctx, sessionId) };
}

export async function submitTestCard(ctx: PaymentsContext, sessionId: string, cardNumber: string) {
  return afterOutcome(ctx, sessionId, await payTestCheckout(ctx, sessionId, { cardNumber }));
}

export async function answerTestConfirmation(ctx: PaymentsContext, sessionId: string, approve: boolean) {
  return afterOutcome(ctx, sessionId, await confirmTestCheckout(ctx, sessionId, approve));
}
