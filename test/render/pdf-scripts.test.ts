/** Non-Latin text in the PDF (issue 11, item 8): embedded Noto fonts, never "?". */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderInvoicePdf } from '../../src/render/pdf/invoice-pdf.ts';
import { sampleDocument, textItem } from '../fixtures/document.ts';
import { readPdf } from '../fixtures/pdf-text.ts';

test('Japanese, Chinese, Korean, Greek, Cyrillic, Arabic and Hebrew text is drawn, not replaced by "?"', async () => {
  const doc = sampleDocument({
    business: { name: '株式会社サンプル' },
    contact: { name: 'Ελένη Παπαδοπούλου', companyName: 'ООО Ромашка', email: 'c@client.example' },
    items: [
      textItem('請求書のお支払い', '发票说明'),
      textItem('한국어 청구서', 'Ωμέγα Москва'),
      textItem('محمد العالم', 'שלום עולם'),
    ],
    termsNotes: 'お支払いは30日以内 😀',
  });
  // pdf-parse's pdf.js (1.10) cuts some Arabic words where fontkit's positioning leaves a gap, and drops
  // emoji (astral code points): the words here come back whole; the page itself was checked as an image.
  const { text } = await readPdf(await renderInvoicePdf(doc));
  for (const expected of [
    '株式会社サンプル',
    '請求書のお支払い',
    '发票说明',
    '한국어',
    '청구서',
    'Ελένη',
    'Παπαδοπούλου',
  ]) {
    assert.ok(text.includes(expected), `${expected} in ${text}`);
  }
  for (const expected of [
    'ООО Ромашка',
    'Ωμέγα',
    'Москва',
    'お支払いは30日以内',
    'محمد',
    'العالم',
    'שלום',
    'עולם',
  ]) {
    assert.ok(text.includes(expected), `${expected} in ${text}`);
  }
  assert.ok(!text.includes('?'), text);
});

test('Hebrew words are drawn right to left: the first word of the line is the rightmost', async () => {
  const doc = sampleDocument({ items: [textItem('שלום עולם', '')], termsNotes: '' });
  const { text } = await readPdf(await renderInvoicePdf(doc));
  // Text comes back in drawing order (left to right), each word itself in reading order.
  assert.ok(text.includes('עולם שלום'), text);
});
