/**
 * The customer's side of an invoice, reached by its unguessable public token (never the invoice id):
 * the hosted page, where every view is recorded, and the PDF.
 */
import type { InvoiceDocument } from '../render/document.ts';
import { recordEvent } from '../store/events.ts';
import { findInvoiceByPublicToken } from '../store/invoices.ts';
import type { InvoicingContext } from './context.ts';
import { loadInvoiceDocument } from './invoice-document.ts';

/** The document the page shows, after recording the view; undefined for an unknown token. */
export async function viewInvoicePage(
  ctx: InvoicingContext,
  token: string,
  visitor: { userAgent: string },
): Promise<InvoiceDocument | undefined> {
  const found = await findInvoiceByPublicToken(ctx.store.db, token);
  if (!found) return undefined;
  const document = await loadInvoiceDocument(ctx.store.db, found, ctx.publicUrl);
  await recordEvent(ctx.store.db, {
    invoiceId: found.invoice.id,
    locationId: found.invoice.location_id,
    type: 'viewed',
    actor: { kind: 'customer' },
    data: { userAgent: visitor.userAgent.slice(0, 300) },
  });
  return document;
}

/** The document the PDF is drawn from; undefined for an unknown token. */
export async function invoiceDocumentByToken(
  ctx: InvoicingContext,
  token: string,
): Promise<InvoiceDocument | undefined> {
  const found = await findInvoiceByPublicToken(ctx.store.db, token);
  return found && loadInvoiceDocument(ctx.store.db, found, ctx.publicUrl);
}
