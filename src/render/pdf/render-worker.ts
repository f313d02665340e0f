/** Runs in a render pool thread (render-pool.ts): one invoice document in, its PDF bytes out. */
import type { InvoiceDocument } from '../document.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';

export default async function render(doc: InvoiceDocument): Promise<Uint8Array> {
  const pdf = await renderInvoicePdf(doc);
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
