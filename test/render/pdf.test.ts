import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, test } from 'node:test';
import { renderInvoicePdf } from '../../src/render/pdf/invoice-pdf.ts';
import { printable } from '../../src/render/pdf/text-layout.ts';
import { documentWithItems, sampleDocument } from '../fixtures/document.ts';
import { readPdf } from '../fixtures/pdf-text.ts';

describe('renderInvoicePdf', () => {
  // First in the file: the first render of the process parses the fonts, later ones share the metrics.
  test('the same document renders the same bytes, the first render and later ones alike', async () => {
    const doc = sampleDocument();
    const first = await renderInvoicePdf(doc);
    const second = await renderInvoicePdf(doc);
    assert.ok(first.equals(second));
    const otherDate = await renderInvoicePdf(sampleDocument({ issueDate: '2026-04-01' }));
    assert.ok(!first.equals(otherDate));
  });

  test('later documents do not read the font metrics again', async (t) => {
    await renderInvoicePdf(sampleDocument());
    const read = t.mock.method(fs, 'readFileSync');
    await renderInvoicePdf(documentWithItems(30));
    await renderInvoicePdf(sampleDocument({ currency: 'EUR' }));
    const metricsReads = read.mock.calls.filter((c) => String(c.arguments[0]).endsWith('.afm'));
    assert.equal(metricsReads.length, 0);
  });

  test('is a PDF with the number, the business, the contact, the items and the totals', async () => {
    const pdf = await renderInvoicePdf(sampleDocument());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const { text, pages } = await readPdf(pdf);
    assert.equal(pages, 1);
    for (const expected of [
      'INV-1001',
      'Acme Design Ltd',
      '1 Market Street',
      'billing@acme.example',
      'Jordan Rivers',
      'Rivers & Co',
      'March 1, 2026',
      'March 31, 2026',
      'Website design',
      'Five page responsive site',
      '$1,500.00',
      '$25.00',
      '$300.00',
      'Discount (10%)',
      '-$200.00',
      'VAT (10%)',
      '$162.00',
      'Subtotal',
      '$2,000.00',
      'Total',
      '$1,962.00',
      'Amount paid',
      '$0.00',
      'Payment due within 30 days.',
      'Thank you & regards.',
    ]) {
      assert.ok(text.includes(expected), `missing ${JSON.stringify(expected)} in: ${text}`);
    }
    assert.ok(!text.includes('<p>') && !text.includes('<strong>'), 'terms are plain text, not markup');
    assert.ok(!text.includes('TEST MODE'), 'a live invoice has no test-mode badge');
  });

  test('formats money in the invoice currency: JPY without decimals, KWD with three', async () => {
    const jpy = (await readPdf(await renderInvoicePdf(sampleDocument({ currency: 'JPY' })))).text;
    assert.ok(jpy.includes('¥196,200'), jpy);
    assert.ok(jpy.includes('¥150,000'), jpy);
    const kwd = (await readPdf(await renderInvoicePdf(sampleDocument({ currency: 'KWD' })))).text;
    assert.ok(kwd.includes('KWD 196.200'), kwd);
    assert.ok(kwd.includes('KWD 150.000'), kwd);
  });

  test('a currency symbol Helvetica cannot draw falls back to the ISO code', async () => {
    const { text } = await readPdf(await renderInvoicePdf(sampleDocument({ currency: 'INR' })));
    assert.ok(text.includes('INR 1,962.00'), text);
  });

  test('shows VOID, PAID and TEST MODE badges', async () => {
    const voided = (await readPdf(await renderInvoicePdf(sampleDocument({ status: 'void' })))).text;
    assert.ok(voided.includes('VOID'), voided);
    const paidDoc = sampleDocument({ status: 'paid', amountPaid: 196200, amountDue: 0 });
    const paid = (await readPdf(await renderInvoicePdf(paidDoc))).text;
    assert.ok(paid.includes('PAID'), paid);
    const test = (await readPdf(await renderInvoicePdf(sampleDocument({ liveMode: false })))).text;
    assert.ok(test.includes('TEST MODE'), test);
  });

  test('a draft without a number renders', async () => {
    const { text } = await readPdf(
      await renderInvoicePdf(sampleDocument({ status: 'draft', displayNumber: null })),
    );
    assert.ok(text.includes('DRAFT'), text);
  });

  test('60 items flow over several pages, each item and the total present', async () => {
    const doc = documentWithItems(60);
    const { text, pages } = await readPdf(await renderInvoicePdf(doc));
    assert.ok(pages > 1, `expected more than one page, got ${pages}`);
    for (const n of [1, 30, 60]) assert.ok(text.includes(`Line item ${n} `), `missing item ${n}`);
    assert.ok(text.includes('(continued)'), 'continuation pages are labelled');
    // 100 x (1 + ... + 60) = 183000 minor units.
    assert.equal(doc.total, 183000);
    assert.ok(text.includes('$1,830.00'), text.slice(-300));
  });

  test('non-Latin names (CJK, emoji, Arabic) render without throwing; Latin parts survive', async () => {
    const doc = sampleDocument({
      business: { name: '株式会社サンプル 🚀 Acme' },
      contact: { name: 'Zoë Œuvre 山田太郎 محمد', email: 'zoe@client.example' },
      items: [{ name: '設計 📐 design', qty: '1', unitAmount: 200000, lineTotal: 200000, taxes: [] }],
      discount: { type: 'fixed', value: 0 },
      subTotal: 200000,
      discountTotal: 0,
      taxes: [],
      taxTotal: 0,
      total: 200000,
      amountDue: 200000,
      termsNotes: 'Merci — à bientôt ✓',
    });
    const { text } = await readPdf(await renderInvoicePdf(doc));
    assert.ok(text.includes('Acme'), text);
    assert.ok(text.includes('Zoë Œuvre'), text);
    assert.ok(text.includes('design'), text);
    assert.ok(text.includes('Merci — à bientôt'), text);
    assert.ok(text.includes('$2,000.00'), text);
  });
});

describe('line layout', () => {
  test('an unbroken 3,000-character word wraps inside the column, every character kept', async () => {
    const word = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    const { text } = await readPdf(
      await renderInvoicePdf(sampleDocument({ termsNotes: `Start ${word} end` })),
    );
    const terms = text.replace(/\S+ INV-1001 \(continued\)/g, '').replace(/ /g, '');
    assert.ok(terms.includes(`Start${word}end`), text);
  });
});

describe('printable', () => {
  test('keeps every script, composes accents, turns tabs into spaces and drops control characters', () => {
    assert.equal(printable('Café – “quoted” €5 ¥6 Łódź 山田 🎉'), 'Café – “quoted” €5 ¥6 Łódź 山田 🎉');
    assert.equal(printable('e\u0301'), 'é');
    assert.equal(printable('a\tb\u0007c\r\nd'), 'a bc\nd');
  });
});
