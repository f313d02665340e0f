/**
 * PDF render time per invoice, in a fresh process (as a worker renders them), away from the load
 * generator's heap. argv[2]: a JSON file {url, targets: [{invoiceId, locationId}]}; prints one JSON line.
 */
import fs from 'node:fs';
import { loadInvoiceDocument } from '../src/invoicing/invoice-document.ts';
import { renderInvoicePdf } from '../src/render/pdf/invoice-pdf.ts';
import { openStore } from '../src/store/db.ts';
import { findInvoice } from '../src/store/invoices.ts';
import { summarise } from './stats.ts';

const { url, targets } = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as {
  url: string;
  targets: Array<{ invoiceId: string; locationId: string }>;
};
const store = openStore(url, { max: 2 });
const docs = [];
for (const t of targets) {
  const stored = await findInvoice(store.db, t.locationId, t.invoiceId);
  if (stored) {
    docs.push({
      doc: await loadInvoiceDocument(store.db, stored, 'http://127.0.0.1:3000'),
      items: stored.items.length,
    });
  }
}
await store.close();
for (const { doc } of docs.slice(0, 30)) await renderInvoicePdf(doc);
const times: number[] = [];
const few: number[] = [];
const many: number[] = [];
let bytes = 0;
for (const { doc, items } of docs) {
  const started = performance.now();
  const pdf = await renderInvoicePdf(doc);
  const ms = performance.now() - started;
  bytes += pdf.length;
  times.push(ms);
  if (items <= 3) few.push(ms);
  if (items >= 18) many.push(ms);
}
process.stdout.write(
  `${JSON.stringify({
    ...summarise(times),
    p50Items1to3: summarise(few).p50,
    p50Items18to20: summarise(many).p50,
    avgKb: bytes / docs.length / 1024,
  })}\n`,
);
