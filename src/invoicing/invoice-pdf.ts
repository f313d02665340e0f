/**
 * The customer's PDF of an invoice (/i/{token}/pdf): drawn by the render pool, cached per version of the
 * invoice's document (a hash of everything the PDF shows, so any change is a new version and several
 * processes agree on it). HEAD needs only the invoice, never a render.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { InvoiceDocument } from '../render/document.ts';
import {
  createPdfRenderPool,
  type PdfPoolOptions,
  type PdfRenderer,
  PdfRenderRefused,
} from '../render/pdf/render-pool.ts';
import { findInvoiceByPublicToken } from '../store/invoices.ts';
import { findCachedPdf, saveCachedPdf } from '../store/pdf-cache.ts';
import type { InvoicingContext } from './context.ts';
import { loadInvoiceDocument } from './invoice-document.ts';

export interface PdfContext extends InvoicingContext {
  pdf: PdfRenderer;
}

/** The process's PDF render pool (for the API's downloads and the workers' email attachments). */
export function startPdfRenderer(options: PdfPoolOptions): PdfRenderer {
  return createPdfRenderPool(options);
}

/** Bumped when the PDF layout changes, so cached PDFs of the old layout are drawn again. */
const LAYOUT_VERSION = 'pdf-2';

export interface InvoicePdf {
  filename: string;
  /** Undefined for HEAD. */
  pdf?: Buffer;
}

function filenameOf(doc: InvoiceDocument): string {
  return `${doc.displayNumber ?? 'invoice'}.pdf`.replace(/[^A-Za-z0-9._-]/g, '_');
}

function versionOf(doc: InvoiceDocument): string {
  return createHash('sha256').update(LAYOUT_VERSION).update(JSON.stringify(doc)).digest('base64url');
}

/** The invoice's PDF, or only its filename (`render: false`, for HEAD); undefined for an unknown token. */
export async function invoicePdfByToken(
  ctx: PdfContext,
  token: string,
  options: { render: boolean },
): Promise<InvoicePdf | undefined> {
  const found = await findInvoiceByPublicToken(ctx.store.db, token);
  if (!found) return undefined;
  const doc = await loadInvoiceDocument(ctx.store.db, found, ctx.publicUrl);
  const filename = filenameOf(doc);
  if (!options.render) return { filename };
  const version = versionOf(doc);
  const cached = await findCachedPdf(ctx.store.db, doc.id, version);
  if (cached) return { filename, pdf: cached };
  let pdf: Buffer;
  try {
    pdf = await ctx.pdf.render(doc);
  } catch (error) {
    if (error instanceof PdfRenderRefused) throw new AppError('unavailable', error.message);
    throw error;
  }
  await saveCachedPdf(ctx.store.db, doc.id, version, pdf);
  return { filename, pdf };
}
