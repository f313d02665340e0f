/**
 * POST /invoices/estimate/{estimateId}/invoice: an estimate that was sent or accepted becomes a draft
 * invoice through the create-invoice use case, in the same transaction as the estimate's history entry,
 * so an estimate is converted at most once (docs/decisions.md "Estimates").
 */
import { conversionRefusal } from '../domain/estimate.ts';
import { Errors } from '../errors.ts';
import type { Tx } from '../store/db.ts';
import { type EstimateRow, lockEstimate, updateEstimateRow } from '../store/estimates.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { Actor, StoreContext } from './context.ts';
import { createInvoiceIn, type NewInvoice } from './create-invoice.ts';
import { type EstimateView, estimateView } from './estimate-view.ts';
import { historyEntry } from './estimates.ts';
import { type InvoiceView, toInvoiceView } from './invoice-view.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** What the invoice copies from the estimate: its parties, items, discount, terms and channels. */
export function invoiceFromEstimate(estimate: EstimateRow): NewInvoice {
  const f = estimate.fields;
  const contactEmail = f.contactDetails.email;
  return {
    altId: estimate.location_id,
    name: estimate.name,
    businessDetails: f.businessDetails,
    currency: estimate.currency,
    items: f.items.map(({ _id, ...item }) => item),
    discount: f.discount,
    ...(f.termsNotes === undefined ? {} : { termsNotes: f.termsNotes }),
    contactDetails: f.contactDetails,
    issueDate: today(),
    sentTo: f.sentTo ?? { email: contactEmail ? [contactEmail] : [] },
    liveMode: estimate.live_mode,
    ...(f.automaticTaxesEnabled === undefined ? {} : { automaticTaxesEnabled: f.automaticTaxesEnabled }),
    ...(f.attachments === undefined ? {} : { attachments: f.attachments }),
    ...(f.miscellaneousCharges === undefined ? {} : { miscellaneousCharges: f.miscellaneousCharges }),
  };
}

/** Converts the locked estimate: the invoice, and the estimate's record of it. */
export async function convertLocked(
  trx: Tx,
  actor: Actor,
  estimate: EstimateRow,
  options: { markAsInvoiced: boolean; by: string },
): Promise<{ estimate: EstimateRow; invoice: StoredInvoice }> {
  const refusal = conversionRefusal(estimate.status, estimate.invoice_id);
  if (refusal) throw Errors.badRequest(refusal);
  const invoice = await createInvoiceIn(trx, actor, invoiceFromEstimate(estimate));
  const updated = await updateEstimateRow(trx, estimate.location_id, estimate.id, {
    status: options.markAsInvoiced ? 'invoiced' : estimate.status,
    invoice_id: invoice.invoice.id,
    history: [...estimate.history, historyEntry('invoiced', options.by, { invoiceId: invoice.invoice.id })],
  });
  return { estimate: updated, invoice };
}

export async function convertEstimate(
  ctx: StoreContext,
  actor: Actor,
  id: string,
  request: { altId: string; markAsInvoiced: boolean },
): Promise<{ estimate: EstimateView; invoice: InvoiceView }> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const current = await lockEstimate(trx, request.altId, id);
    if (!current) throw Errors.notFound('Estimate not found');
    const done = await convertLocked(trx, actor, current, {
      markAsInvoiced: request.markAsInvoiced,
      by: actor.tokenId,
    });
    return { estimate: estimateView(done.estimate), invoice: toInvoiceView(done.invoice) };
  });
}
