/**
 * The invoice as a PDF, drawn with pdfkit's built-in Helvetica where it can (nothing embedded: fast and
 * small) and embedded, subset Noto fonts for every other script (text-runs.ts, docs/decisions.md "PDF
 * rendering"). Runs in a render pool thread (render-pool.ts), never on the API's event loop.
 *
 * Decisions:
 * - The business logo is not drawn: fetching a remote URL per email would make rendering slow, flaky and a
 *   server-side request forgery vector. The PDF shows the business name instead.
 * - Helvetica only covers WinAnsi (see win-ansi.ts); money whose symbol is not in WinAnsi ("₹") is shown
 *   with the ISO code ("INR 1,234.00").
 * - Metadata is fixed from the invoice (CreationDate = issue date), so one document renders the same bytes.
 */
import PDFDocument from 'pdfkit';
import { shownNumber } from '../display.ts';
import type { InvoiceDocument } from '../document.ts';
import { createCanvas, MARGIN } from './canvas.ts';
import { openFonts } from './fonts.ts';
import { drawHeader } from './header.ts';
import { drawItems } from './items.ts';
import { drawBillTo, drawBusinessAndFacts } from './parties.ts';
import { drawPayments } from './payments.ts';
import { drawTerms } from './terms.ts';
import { printable } from './text-layout.ts';
import { drawTotals } from './totals.ts';

/** Midnight UTC of the issue date, or the epoch: never "now", so renders repeat byte for byte. */
function creationDate(issueDate: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(issueDate);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  return date && !Number.isNaN(date.getTime()) ? date : new Date(0);
}

function createPdf(doc: InvoiceDocument): PDFKit.PDFDocument {
  return new PDFDocument({
    // No default font: openFonts opens the two this document uses.
    font: null as unknown as string,
    size: 'LETTER',
    margin: MARGIN,
    bufferPages: false,
    info: {
      Title: printable(`${doc.title} ${shownNumber(doc)}`),
      Author: printable(doc.business.name),
      Producer: 'hl-invoices',
      Creator: 'hl-invoices',
      CreationDate: creationDate(doc.issueDate),
    },
  });
}

function collectBytes(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}

export function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const pdf = createPdf(doc);
  openFonts(pdf);
  const done = collectBytes(pdf);
  const canvas = createCanvas(pdf, doc);
  const headerBottom = drawHeader(canvas);
  const factsBottom = drawBusinessAndFacts(canvas, headerBottom + 18);
  const itemsTop = drawBillTo(canvas, factsBottom + 18);
  const itemsBottom = drawItems(canvas, itemsTop);
  const totalsBottom = drawTotals(canvas, itemsBottom);
  drawTerms(canvas, drawPayments(canvas, totalsBottom));
  pdf.end();
  return done;
}
