/**
 * The dev outbox in headless Debian Chromium: the list fits a 1280 px window with long addresses,
 * subjects and SMS bodies, and an email's page shows its envelope above the body, which renders in its
 * sandboxed frame. The list's screenshot is docs/outbox.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { objectId } from '../../src/domain/ids.ts';
import { insertDelivery, markDeliverySent } from '../../src/store/deliveries.ts';
import type { DeliveredContent } from '../../src/store/schema.ts';
import { setupApp, type TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium, launchChromium } from '../fixtures/browser.ts';
import { createInvoice } from '../fixtures/invoices.ts';

describe('the dev outbox in Chromium', { skip: hasChromium ? false : `${CHROMIUM} is not installed` }, () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;
  let emailId: string;

  /** A delivered outbox message, written through the store as a worker writes it. */
  async function delivered(
    invoiceId: string,
    channel: 'email' | 'sms',
    recipient: string,
    content: DeliveredContent,
  ) {
    const id = objectId();
    await insertDelivery(ctx.store.db, {
      id,
      invoiceId,
      locationId: ctx.tenant.locationId,
      sendEventId: null,
      channel,
      transport: 'outbox',
      recipient,
      messageId: `<${id}@hl-invoices.test>`,
      request: {},
    });
    await ctx.store.db.transaction().execute((trx) =>
      markDeliverySent(trx, id, {
        providerId: `outbox-${id}`,
        content,
        pdf: channel === 'email' ? Buffer.from('%PDF-1.4 tiny') : null,
      }),
    );
    return id;
  }

  before(async () => {
    ctx = await setupApp();
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as { port: number }).port}`;
    const invoice = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    const longAddress = `accounts.payable.department.of.a.very.long.company.name@${'subdomain.'.repeat(4)}example.com`;
    for (let i = 0; i < 4; i++) {
      await delivered(invoice._id, 'sms', '+14155550123', {
        to: ['+14155550123'],
        body: `Acme Studio sent you invoice INV-100${i}: http://127.0.0.1:3000/i/${'x'.repeat(43)} ${'pay now '.repeat(12)}`,
      });
    }
    emailId = await delivered(invoice._id, 'email', longAddress, {
      subject: `Invoice INV-1004 from Acme Studio for the ${'very '.repeat(20)}long project`,
      from: { name: 'Acme Studio', address: 'invoices@hl-invoices.test' },
      replyTo: 'owner@acme.test',
      to: [longAddress],
      cc: ['books@acme.test'],
      html: '<h1 id="greeting">Hello Alex</h1><p>Your invoice is attached.</p>',
      text: 'Hello Alex',
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  test('the list fits a 1280 px window', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${baseUrl}/dev/outbox`, { waitUntil: 'load' });
      assert.equal(response?.status(), 200);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `the list is ${width} px wide`);
      assert.equal(await page.locator('tbody tr').count(), 5);
      await page.screenshot({ path: path.join(import.meta.dirname, '..', '..', 'docs', 'outbox.png') });
    } finally {
      await context.close();
    }
  });

  test("an email's page: envelope above the body, the body rendered in its frame", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${baseUrl}/dev/outbox/${emailId}`, { waitUntil: 'load' });
      assert.equal(response?.status(), 200);
      const labels = await page.locator('dt').allTextContents();
      assert.deepEqual(labels, ['From', 'Reply-To', 'To', 'Cc', 'Subject', 'Attachments']);
      const frame = page.frameLocator('iframe');
      assert.equal(await frame.locator('#greeting').textContent(), 'Hello Alex');
      const [dl, iframe] = await Promise.all([
        page.locator('dl').boundingBox(),
        page.locator('iframe').boundingBox(),
      ]);
      assert.ok(dl && iframe && dl.y + dl.height <= iframe.y, 'the envelope is above the body');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `the page is ${width} px wide`);
    } finally {
      await context.close();
    }
  });
});
