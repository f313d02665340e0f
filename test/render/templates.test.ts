import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { InvoiceDocument } from '../../src/render/document.ts';
import { renderInvoiceEmail } from '../../src/render/email.tsx';
import { renderOutboxList } from '../../src/render/outbox-list.tsx';
import { renderInvoicePage } from '../../src/render/page.tsx';
import { renderInvoiceSms } from '../../src/render/sms.ts';
import { htmlToText } from '../../src/render/terms.ts';
import { sampleDocument } from '../fixtures/document.ts';

/** GSM 03.38 basic alphabet (1 septet each) and its extension table (2 septets each: escape + char). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/** Septets the text takes in GSM-7, or null when it needs UCS-2. */
function gsmLength(text: string): number | null {
  let length = 0;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) length += 1;
    else if (GSM_EXTENSION.includes(char)) length += 2;
    else return null;
  }
  return length;
}

describe('renderInvoiceEmail', () => {
  const doc = sampleDocument();

  test('subject names the invoice number and the business, whoever sends it', () => {
    const { subject } = renderInvoiceEmail(doc, { fromName: 'Acme Billing' });
    assert.equal(subject, 'Invoice INV-1001 from Acme Design Ltd');
    assert.equal(
      renderInvoiceEmail(doc, { fromName: '  ' }).subject,
      'Invoice INV-1001 from Acme Design Ltd',
    );
    const hostile = sampleDocument({ business: { name: 'Line\r\nBcc: victim@example.com' } });
    assert.equal(
      renderInvoiceEmail(hostile, { fromName: '' }).subject,
      'Invoice INV-1001 from Line Bcc: victim@example.com',
    );
  });

  test('html carries the business, logo, amount due, due date and the View invoice link', () => {
    const { html } = renderInvoiceEmail(doc, { fromName: 'Acme Design Ltd' });
    assert.ok(html.includes('Acme Design Ltd'));
    assert.ok(html.includes('<img src="https://cdn.example.com/acme/logo.png"'));
    assert.ok(html.includes('$1,962.00'));
    assert.ok(html.includes('March 31, 2026'));
    assert.match(
      html,
      /<a href="https:\/\/invoices\.example\.com\/i\/tok_3fK9xQ2mVw8Lr5Zt"[^>]*>View invoice<\/a>/,
    );
    assert.ok(!html.includes('<style'), 'styles are inline for mail clients');
    assert.ok(!html.includes('TEST MODE'));
  });

  test('a logo that is not an http(s) URL is left out', () => {
    const { html } = renderInvoiceEmail(
      sampleDocument({ business: { name: 'Acme', logoUrl: 'javascript:alert(1)' } }),
      { fromName: 'Acme' },
    );
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('javascript:'));
  });

  test('the text alternative has the same facts and the link', () => {
    const { text } = renderInvoiceEmail(doc, { fromName: 'Acme Design Ltd' });
    assert.ok(text.includes('INV-1001'));
    assert.ok(text.includes('Amount due: $1,962.00'));
    assert.ok(text.includes('Due date: March 31, 2026'));
    assert.ok(text.includes('View invoice: https://invoices.example.com/i/tok_3fK9xQ2mVw8Lr5Zt'));
    assert.ok(!/<[a-z]/i.test(text), 'no markup in the text part');
  });

  test('a partly paid invoice shows the total and what is still due', () => {
    const partly = sampleDocument({ status: 'partially_paid', amountPaid: 96200, amountDue: 100000 });
    const { html, text } = renderInvoiceEmail(partly, { fromName: 'Acme' });
    assert.ok(text.includes('Total: $1,962.00'));
    assert.ok(text.includes('Amount due: $1,000.00'));
    assert.ok(html.includes('$1,000.00'));
  });

  test('everything user-supplied is escaped in the html', () => {
    const evil = '<script>alert("x")</script>';
    const hostile = sampleDocument({
      displayNumber: `INV-<b>1</b>`,
      business: { name: `Acme ${evil}`, logoUrl: 'https://cdn.example.com/logo.png?a="><script>' },
      contact: { name: `Eve ${evil}` },
      publicUrl: 'https://invoices.example.com/i/tok"><script>alert(1)</script>',
    });
    const { html, subject } = renderInvoiceEmail(hostile, { fromName: `Sender ${evil}` });
    assert.ok(!html.includes('<script'), 'no raw script tag');
    assert.ok(!html.includes('<b>1</b>'));
    // preact escapes &, < and " (a > can neither open a tag nor end a double-quoted attribute).
    assert.ok(html.includes('Acme &lt;script>alert(&quot;x&quot;)&lt;/script>'));
    assert.ok(html.includes('Eve &lt;script>'));
    assert.ok(html.includes('INV-&lt;b>1&lt;/b>'));
    const href = /<a href="([^"]*)"[^>]*>View invoice<\/a>/.exec(html)?.[1];
    assert.ok(href?.startsWith('https://invoices.example.com/i/tok'), String(href));
    assert.ok(!/[<>"]/.test(href ?? '<'), `the link attribute stays closed: ${href}`);
    assert.equal(subject, `Invoice INV-<b>1</b> from Acme ${evil}`, 'the subject is a header, not html');
  });

  test('test mode is announced', () => {
    const { html, text } = renderInvoiceEmail(sampleDocument({ liveMode: false }), { fromName: 'Acme' });
    assert.ok(html.includes('TEST MODE'));
    assert.ok(text.startsWith('TEST MODE'));
  });
});

describe('renderInvoiceSms', () => {
  test('names the business, the number, the amount due and the link, in one GSM-7 segment', () => {
    const sms = renderInvoiceSms(sampleDocument());
    assert.equal(
      sms,
      'Acme Design Ltd: invoice INV-1001, $1,962.00 due. https://invoices.example.com/i/tok_3fK9xQ2mVw8Lr5Zt',
    );
    const septets = gsmLength(sms);
    assert.ok(septets !== null && septets <= 160, `${septets} septets`);
  });

  test('a currency code amount stays GSM-7 (no no-break space)', () => {
    const sms = renderInvoiceSms(sampleDocument({ currency: 'KWD' }));
    assert.ok(sms.includes('KWD 196.200'), sms);
    const septets = gsmLength(sms);
    assert.ok(septets !== null && septets <= 160, `${septets} septets`);
  });

  test('a long business name is shortened so the link and amount still fit', () => {
    const sms = renderInvoiceSms(
      sampleDocument({
        business: {
          name: 'The Extraordinarily Long Named Consulting and Design Partnership of Springfield LLC',
        },
      }),
    );
    assert.ok(sms.length <= 160, `${sms.length} characters`);
    assert.ok(sms.startsWith('The Extraordinarily'));
    assert.ok(sms.includes('...: invoice INV-1001, $1,962.00 due.'));
    assert.ok(sms.endsWith('https://invoices.example.com/i/tok_3fK9xQ2mVw8Lr5Zt'));
  });
});

describe('hostile values in every user-supplied field', () => {
  const HOSTILE = `<script>alert("x")</script> & 'q'`;
  // How it must come out: preact escapes &, < and " (a > can neither open a tag nor end a quoted attribute).
  const ESCAPED = `&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; 'q'`;
  const BREAKOUT_URL = 'https://cdn.example.com/x.png"onerror="alert(1)';

  /** The sample invoice with `value` in every free-text field; the terms carry it as encoded text. */
  function documentWith(value: string, encoded: string, urls: { logoUrl?: string; website?: string }) {
    return sampleDocument({
      title: `Bill ${value}`,
      business: { name: `Acme ${value}`, ...urls },
      contact: { name: `Eve ${value}`, companyName: `Co ${value}`, address: { addressLine1: `St ${value}` } },
      items: [
        {
          name: `Item ${value}`,
          description: `About ${value}`,
          qty: '1',
          unitAmount: 100,
          lineTotal: 100,
          taxes: [],
        },
      ],
      termsNotes: `<p>Terms ${encoded}</p><script>alert(1)</script><img src=x onerror=alert(1)>`,
    });
  }
  const hostile = (urls: { logoUrl?: string; website?: string }) =>
    documentWith(HOSTILE, `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 'q'`, urls);
  const benign = (urls: { logoUrl?: string; website?: string }) => documentWith('plain', 'plain', urls);

  const TAG = /<(\/?[a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"]*")?)*)\s*\/?>/gi;
  /**
   * The document's tags with their attribute names, in order. A value that escaped its text or attribute
   * would add a tag or an attribute (or leave a "<" that opens none), so hostile and benign values must
   * give the same skeleton.
   */
  function skeleton(html: string): string[] {
    const body = html.replace(/^<!DOCTYPE html>/, '');
    assert.ok(!body.replace(TAG, '').includes('<'), 'every "<" opens one of the template\'s own tags');
    return [...body.matchAll(TAG)].map(([, name, attributes]) => {
      const names = [...(attributes ?? '').matchAll(/\s+([a-z][a-z0-9-]*)(?:="[^"]*")?/gi)].map((m) => m[1]);
      return [name, ...names].join(' ');
    });
  }

  function assertClean(html: string) {
    assert.ok(!/<script/i.test(html), 'no script tag');
    assert.ok(!/javascript:/i.test(html), 'no javascript: URL');
    assert.ok(!/<img src=x/i.test(html), 'no markup from the terms');
    assert.ok(!/\sonerror=/i.test(html), 'no event handler attribute');
  }

  /** The outbox list's rows for the email and the SMS of `doc`, with `value` in what came from outside. */
  function outboxEntries(doc: InvoiceDocument, value: string) {
    const common = { createdAt: '2026-03-01T00:00:00.000Z', status: 'failed', attempts: 1 };
    const email = renderInvoiceEmail(doc, { fromName: `Sender ${value}` });
    return [
      {
        ...common,
        id: `e"${value}`,
        channel: 'email',
        recipient: `a${value}@example.com`,
        messageId: '<m1@example.com>',
        subject: email.subject,
        hasPdf: true,
        lastError: `550 ${value}`,
      },
      {
        ...common,
        id: 's1',
        channel: 'sms',
        recipient: `+1${value}`,
        messageId: '<m2@example.com>',
        body: renderInvoiceSms(doc),
        hasPdf: false,
        lastError: `400 ${value}`,
      },
    ];
  }

  for (const [what, urls, benignUrls] of [
    ['javascript: URLs', { logoUrl: 'javascript:alert(1)', website: 'javascript:alert(1)' }, {}],
    [
      'URLs that try to leave their attribute',
      { logoUrl: BREAKOUT_URL, website: BREAKOUT_URL },
      {
        logoUrl: 'https://cdn.example.com/x.png',
        website: 'https://acme.example',
      },
    ],
  ] as const) {
    test(`the hosted page, with ${what}`, () => {
      const html = renderInvoicePage(hostile(urls), { pdfUrl: '/i/tok/pdf' });
      assertClean(html);
      assert.deepEqual(
        skeleton(html),
        skeleton(renderInvoicePage(benign(benignUrls), { pdfUrl: '/i/tok/pdf' })),
      );
      for (const field of ['Bill', 'Acme', 'Eve', 'Co', 'St', 'Item', 'About', 'Terms']) {
        assert.ok(html.includes(`${field} ${ESCAPED}`), `${field} ... is escaped text`);
      }
    });

    test(`the email html, with ${what}`, () => {
      const { html } = renderInvoiceEmail(hostile(urls), { fromName: `Sender ${HOSTILE}` });
      assertClean(html);
      const twin = renderInvoiceEmail(benign(benignUrls), { fromName: 'Sender plain' }).html;
      assert.deepEqual(skeleton(html), skeleton(twin));
      for (const field of ['Acme', 'Eve', 'Sender']) {
        assert.ok(html.includes(`${field} ${ESCAPED}`), `${field} ... is escaped text`);
      }
    });

    test(`the outbox list, with ${what}`, () => {
      const html = renderOutboxList(outboxEntries(hostile(urls), HOSTILE));
      assertClean(html);
      const twin = renderOutboxList(outboxEntries(benign(benignUrls), 'plain'));
      assert.deepEqual(skeleton(html), skeleton(twin));
      for (const text of [
        `>Invoice INV-1001 from Acme ${ESCAPED}</a>`,
        `>Acme ${ESCAPED}: invoice INV-1001`,
        `a${ESCAPED}@example.com`,
        `+1${ESCAPED}`,
        `(550 ${ESCAPED})`,
        `(400 ${ESCAPED})`,
      ]) {
        assert.ok(html.includes(text), `${text} is escaped text`);
      }
      assert.ok(html.includes(`href="/dev/outbox/${encodeURIComponent(`e"${HOSTILE}`)}/pdf"`));
    });
  }
});

describe('html helpers', () => {
  test('htmlToText drops tags and scripts and decodes entities once', () => {
    assert.equal(
      htmlToText(
        '<p>One &amp; two</p><script>alert(1)</script><ul><li>a</li><li>b</li></ul>&amp;lt;b&amp;gt;',
      ),
      'One & two\n- a\n- b\n&lt;b&gt;',
    );
  });
});
