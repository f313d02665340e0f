import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { renderInvoicePage } from '../../src/render/page.tsx';
import type { PageState } from '../../src/render/page-model.ts';
import { CHROMIUM, hasChromium, launchChromium } from '../fixtures/browser.ts';
import { sampleDocument } from '../fixtures/document.ts';

const PDF_URL = '/i/tok_3fK9xQ2mVw8Lr5Zt/pdf';

describe('renderInvoicePage', () => {
  test('is a complete page with the business, contact, items, totals and a PDF link', () => {
    const html = renderInvoicePage(sampleDocument(), { pdfUrl: PDF_URL });
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(html.includes('<meta name="viewport" content="width=device-width, initial-scale=1">'));
    assert.ok(html.includes('<h1>INVOICE INV-1001</h1>'));
    for (const expected of [
      'Acme Design Ltd',
      'Jordan Rivers',
      'Rivers &amp; Co',
      'Website design',
      'Five page responsive site',
      '$1,500.00',
      'Discount (10%)',
      'VAT (10%)',
      '$1,962.00',
      'March 31, 2026',
      'Payment due within 30 days.',
    ]) {
      assert.ok(html.includes(expected), `missing ${expected}`);
    }
    assert.match(html, /<a class="download" href="\/i\/tok_3fK9xQ2mVw8Lr5Zt\/pdf"[^>]*>Download PDF<\/a>/);
    assert.ok(!/<script/i.test(html), 'no scripts');
    assert.ok(!/<link /i.test(html), 'no external stylesheet');
  });

  test('without a pay section (as for a draft) there is no pay area', () => {
    const html = renderInvoicePage(sampleDocument(), { pdfUrl: PDF_URL });
    assert.ok(!html.includes('id="pay"'));
    assert.ok(!html.includes('has been voided'));
  });

  test('a void invoice shows the banner and no pay area', () => {
    const html = renderInvoicePage(sampleDocument({ status: 'void' }), { pdfUrl: PDF_URL });
    assert.ok(html.includes('This invoice has been voided'));
    assert.ok(!html.includes('id="pay"'));
  });

  test('a paid invoice says so and has no pay area', () => {
    const html = renderInvoicePage(sampleDocument({ status: 'paid', amountPaid: 196200, amountDue: 0 }), {
      pdfUrl: PDF_URL,
    });
    assert.ok(html.includes('This invoice has been paid'));
    assert.ok(html.includes('>PAID<'));
    assert.ok(!html.includes('id="pay"'));
  });

  test('test mode is announced', () => {
    const html = renderInvoicePage(sampleDocument({ liveMode: false }), { pdfUrl: PDF_URL });
    assert.ok(html.includes('Test mode: this invoice is not a real request for payment'));
  });

  test('escapes names, items, terms and URLs', () => {
    const evil = '<script>alert(1)</script>';
    const html = renderInvoicePage(
      sampleDocument({
        title: `Bill ${evil}`,
        business: {
          name: `Acme ${evil}`,
          website: 'javascript:alert(1)',
          logoUrl: 'https://cdn.example.com/l.png"onerror="alert(1)',
          address: { addressLine1: evil },
        },
        contact: { name: `"Eve" ${evil}`, companyName: evil },
        items: [{ name: evil, description: evil, qty: '1', unitAmount: 100, lineTotal: 100, taxes: [] }],
        taxes: [{ name: evil, rate: 5, amount: 5 }],
        termsNotes: `<p>Pay soon</p>${evil}<img src=x onerror=alert(1)>&lt;script&gt;bad&lt;/script&gt;`,
      }),
      { pdfUrl: '/pdf"><script>alert(1)</script>' },
    );
    assert.ok(!/<script/i.test(html), 'no raw script tag anywhere');
    assert.ok(!/<img src=x/i.test(html));
    assert.ok(!html.includes('javascript:'), 'a non-http website is not linked');
    assert.ok(!/onerror="/.test(html), 'the logo URL cannot break out of its attribute');
    // preact escapes &, < and " (a > can neither open a tag nor end a double-quoted attribute).
    assert.ok(html.includes('Acme &lt;script>alert(1)&lt;/script>'));
    assert.ok(html.includes('&quot;Eve&quot;'));
    assert.ok(html.includes('Pay soon'));
    assert.ok(html.includes('&lt;script>bad&lt;/script>'), 'escaped text in the terms stays text');
    assert.ok(html.includes('href="/pdf&quot;>&lt;script>alert(1)&lt;/script>"'));
  });
});

describe('renderInvoicePage in a browser', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let browser: Browser;
  let server: http.Server;
  let baseUrl: string;
  const pages = new Map<string, string>();

  before(async () => {
    const state: PageState = {
      pay: {
        kind: 'form',
        form: { action: '/i/open/pay', pay: 'due', amount: 196200, tips: [{ percent: 10, amount: 19620 }] },
        processing: false,
        testMode: false,
      },
    };
    pages.set('/i/open', renderInvoicePage(sampleDocument(), { pdfUrl: '/i/open/pdf', state }));
    pages.set(
      '/i/long',
      renderInvoicePage(
        sampleDocument({
          status: 'void',
          business: { name: 'Averyveryverylongbusinessnamewithoutanyspacesatallthatcouldoverflow Ltd' },
          items: [
            {
              name: 'Consulting-services-with-a-very-long-unbroken-identifier-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
              description:
                'https://example.com/a/really/long/url/that/should/wrap/instead/of/overflowing/the/page',
              qty: '1000000',
              unitAmount: 99999999,
              lineTotal: 99999999000000,
              taxes: [],
            },
          ],
        }),
        { pdfUrl: '/i/long/pdf' },
      ),
    );
    server = http.createServer((req, res) => {
      const body = pages.get(req.url ?? '');
      res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  async function open(pathname: string, width: number) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    // Loopback only: the sample's logo URL points elsewhere and is refused rather than fetched.
    await context.route('**/*', (route) =>
      route.request().url().startsWith(baseUrl) ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    const response = await page.goto(`${baseUrl}${pathname}`, { timeout: 15_000 });
    assert.equal(response?.status(), 200);
    return { page, context };
  }

  test('desktop: heading and total are visible and the page renders', async () => {
    const { page, context } = await open('/i/open', 1200);
    try {
      const heading = page.getByRole('heading', { level: 1 });
      assert.equal(await heading.textContent(), 'INVOICE INV-1001');
      assert.ok(await heading.isVisible());
      const due = page.locator('#amount-due');
      assert.equal(await due.textContent(), '$1,962.00');
      assert.ok(await due.isVisible());
      assert.ok(await page.getByRole('link', { name: 'Download PDF' }).isVisible());
      assert.ok(await page.getByRole('button', { name: 'Pay $1,962.00' }).isEnabled());
      assert.ok(await page.getByRole('radio', { name: 'No tip' }).isChecked());
      // docs/invoice-page.png comes from the real route (test/page-browser.test.ts); this one stays in memory.
      const png = await page.screenshot({ fullPage: true });
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
    } finally {
      await context.close();
    }
  });

  for (const pathname of ['/i/open', '/i/long']) {
    test(`mobile (375px) ${pathname}: no horizontal overflow, total visible`, async () => {
      const { page, context } = await open(pathname, 375);
      try {
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= 375, `page is ${scrollWidth}px wide at a 375px viewport`);
        assert.ok(await page.locator('#amount-due').isVisible());
        assert.ok(await page.getByRole('heading', { level: 1 }).isVisible());
      } finally {
        await context.close();
      }
    });
  }
});
