/**
 * The customer's page through the real route, in headless Debian Chromium: what a customer sees after a
 * send, its PDF link, no request leaving loopback, the phone layout, and the void state.
 * The desktop screenshot is docs/invoice-page.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium, launchChromium } from '../fixtures/browser.ts';
import { createInvoice } from '../fixtures/invoices.ts';

describe('the hosted invoice page in Chromium', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  let invoice: { _id: string; invoiceNumber: number; amountDue: number };
  let pageUrl: string;

  before(async () => {
    ctx = await setupApp();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ctx.app.server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
    const { locationId, locationToken, userId } = ctx.tenant;
    invoice = await createInvoice(ctx.app, locationToken, locationId, {
      name: 'Spring campaign',
      businessDetails: {
        name: 'Acme Studio',
        phoneNo: '+1 512 555 0100',
        website: 'https://acme.example',
        address: {
          addressLine1: '500 Congress Ave',
          city: 'Austin',
          state: 'TX',
          postalCode: '78701',
          countryCode: 'US',
        },
      },
      contactDetails: {
        id: 'c-7',
        name: 'Jordan Lee',
        email: 'jordan@example.com',
        companyName: 'Lee & Co',
        address: { addressLine1: '1 Main St', city: 'Denver', state: 'CO', countryCode: 'US' },
      },
      items: [
        {
          name: 'Brand workshop',
          description: 'Two half-day sessions',
          currency: 'USD',
          amount: 1200,
          qty: 1,
        },
        {
          name: 'Landing page',
          currency: 'USD',
          amount: 85,
          qty: 12.5,
          taxes: [{ _id: 'tx', name: 'Sales tax', rate: 8.25 }],
        },
        {
          name: 'Stock photos',
          currency: 'USD',
          amount: 19.99,
          qty: 6,
          taxes: [{ _id: 'tx', name: 'Sales tax', rate: 8.25 }],
        },
      ],
      discount: { type: 'percentage', value: 5 },
      termsNotes: '<p>Payment within 14 days. Thank you!</p>',
    });
    const sent = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${invoice._id}/send`,
      headers: authHeaders(locationToken),
      payload: { altId: locationId, altType: 'location', userId, action: 'send_manually', liveMode: true },
    });
    assert.equal(sent.statusCode, 200, sent.body);
    const row = await ctx.store.db
      .selectFrom('invoices')
      .select('public_token')
      .where('id', '=', invoice._id)
      .executeTakeFirstOrThrow();
    pageUrl = `${baseUrl}/i/${row.public_token}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  test('desktop: number, amount due and a working PDF link; nothing requested beyond loopback', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    try {
      const page = await context.newPage();
      const hosts = new Set<string>();
      page.on('request', (request) => hosts.add(new URL(request.url()).hostname));
      const response = await page.goto(pageUrl, { waitUntil: 'load' });
      assert.equal(response?.status(), 200);
      const heading = page.getByRole('heading', { level: 1 });
      assert.match((await heading.textContent()) ?? '', new RegExp(`INV-${invoice.invoiceNumber}`));
      assert.ok(await heading.isVisible());
      const due = page.locator('#amount-due');
      assert.ok(await due.isVisible());
      assert.equal(
        await due.textContent(),
        new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(invoice.amountDue),
      );
      const pdfLink = page.getByRole('link', { name: 'Download PDF' });
      const href = await pdfLink.getAttribute('href');
      const pdf = await context.request.get(new URL(href!, pageUrl).toString());
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
      assert.deepEqual([...hosts], ['127.0.0.1']);
      await page.screenshot({
        path: path.join(import.meta.dirname, '..', '..', 'docs', 'invoice-page.png'),
        fullPage: true,
      });
    } finally {
      await context.close();
    }
  });

  test('phone (375 px): no horizontal overflow', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(pageUrl, { waitUntil: 'load' });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `page is ${width}px wide`);
      assert.ok(await page.locator('#amount-due').isVisible());
    } finally {
      await context.close();
    }
  });

  test('after a void the page says so and offers no payment', async () => {
    const voided = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${invoice._id}/void`,
      headers: authHeaders(ctx.tenant.locationToken),
      payload: { altId: ctx.tenant.locationId, altType: 'location' },
    });
    assert.equal(voided.statusCode, 200);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(pageUrl, { waitUntil: 'load' });
      assert.ok(await page.getByText('This invoice has been voided').isVisible());
      assert.equal(await page.locator('#pay').count(), 0);
    } finally {
      await context.close();
    }
  });
});
