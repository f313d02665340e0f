/**
 * The customer's side of an invoice, reached by its unguessable public token (never the invoice id):
 * the hosted page with its Pay section, where views are recorded, and the PDF.
 */
import type { InvoiceDocument } from '../render/document.ts';
import type { PageState, PayForm } from '../render/page-model.ts';
import { findCheckoutSession } from '../store/checkout-sessions.ts';
import { recordPageView } from '../store/events.ts';
import { findInvoiceByPublicToken, type StoredInvoice } from '../store/invoices.ts';
import type { PaymentsContext } from './context.ts';
import { loadInvoiceDocument } from './invoice-document.ts';
import { paySection } from './pay-section.ts';

export interface CustomerPage {
  doc: InvoiceDocument;
  state: PageState;
}

/** Back from a checkout (?paid=): thanks once its payment is in the ledger, else it is being confirmed. */
async function returnedState(
  ctx: PaymentsContext,
  stored: StoredInvoice,
  sessionId: string,
  state: PageState,
): Promise<PageState> {
  const session = await findCheckoutSession(ctx.store.db, sessionId);
  if (session?.invoice_id !== stored.invoice.id) return state;
  if (session.status === 'completed') return { ...state, thanks: true };
  if (session.status === 'failed') {
    return { ...state, error: `Your payment did not go through. ${session.failure_reason ?? ''}`.trim() };
  }
  // The provider sent the customer back before its webhook arrived: no second Pay button meanwhile.
  return state.pay ? { ...state, pay: { kind: 'confirming' } } : state;
}

async function pageOf(
  ctx: PaymentsContext,
  stored: StoredInvoice,
  opts: { paidSessionId?: string; error?: string; chosen?: PayForm['chosen'] },
): Promise<CustomerPage> {
  const [doc, pay] = await Promise.all([
    loadInvoiceDocument(ctx.store.db, stored, ctx.publicUrl),
    paySection(ctx, stored, opts.chosen),
  ]);
  let state: PageState = { ...(pay ? { pay } : {}), ...(opts.error ? { error: opts.error } : {}) };
  if (opts.paidSessionId) state = await returnedState(ctx, stored, opts.paidSessionId, state);
  return { doc, state };
}

/**
 * The page; undefined for an unknown token. The view is recorded, except on the way back from a
 * checkout (?paid=), whose page reloads itself while the payment is confirmed, and a reload within the
 * minute (README "Limits").
 */
export async function viewInvoicePage(
  ctx: PaymentsContext,
  token: string,
  visitor: { userAgent: string; paidSessionId?: string },
): Promise<CustomerPage | undefined> {
  const found = await findInvoiceByPublicToken(ctx.store.db, token);
  if (!found) return undefined;
  const page = await pageOf(ctx, found, { paidSessionId: visitor.paidSessionId });
  if (visitor.paidSessionId === undefined) {
    await recordPageView(ctx.store.db, {
      invoiceId: found.invoice.id,
      locationId: found.invoice.location_id,
      userAgent: visitor.userAgent.slice(0, 300),
    });
  }
  return page;
}

/** The page again with the reason the pay form was refused and the choices made; not a new view. */
export async function refusedPayPage(
  ctx: PaymentsContext,
  token: string,
  error: string,
  chosen?: PayForm['chosen'],
): Promise<CustomerPage | undefined> {
  const found = await findInvoiceByPublicToken(ctx.store.db, token);
  return found && pageOf(ctx, found, { error, chosen });
}
