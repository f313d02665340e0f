/**
 * The invoice page in Chromium: send by email in test mode through the dialog and watch the message
 * become sent without reloading (htmx), record a partial payment, refund it, void; axe-core on each
 * page; screenshots invoice-page, send-dialog and invoice-payments (desktop and phone).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium } from '../fixtures/browser.ts';
import {
  assertAccessible,
  type ServedDashboard,
  screenshotBoth,
  serveDashboard,
  signedInContext,
} from '../fixtures/dashboard-browser.ts';
import { createInvoice } from '../fixtures/invoices.ts';

describe('invoice page in Chromium', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let t: TestContext;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedDashboard;
  before(async () => {
    served = await serveDashboard({ deliveries: true });
    ({ t, browser, baseUrl } = served);
  });
  after(async () => {
    await served?.close();
  });

  test('send by email in test mode, see it sent live, record a payment, refund, void', async () => {
    const { locationId, locationToken, userId } = t.tenant;
    const invoice = await createInvoice(t.app, locationToken, locationId, {
      termsNotes: '<p>Payment within 14 days.</p>',
    });
    const url = `${baseUrl}/app/l/${locationId}/invoices/${invoice._id}`;
    const { context, page } = await signedInContext(browser, baseUrl, t.store, userId);
    try {
      await screenshotBoth(page, url, 'invoice-page');
      await page.goto(url);
      assert.equal(
        await page.locator('#customer-link').inputValue(),
        `${baseUrl}/i/${await token(invoice._id)}`,
      );
      assert.ok(await page.getByText('TEST', { exact: true }).isVisible());
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
      await page.getByRole('button', { name: 'Copy the customer link' }).click();
      await page.getByRole('button', { name: 'Copied' }).waitFor();
      assert.equal(
        await page.evaluate(() => navigator.clipboard.readText()),
        `${baseUrl}/i/${await token(invoice._id)}`,
      );

      await page.getByRole('link', { name: 'Send', exact: true }).click();
      await page.waitForURL(/\/send$/);
      await assertAccessible(page, 'send dialog');
      await screenshotBoth(page, page.url(), 'send-dialog');
      assert.ok(await page.getByLabel('Email', { exact: false }).first().isChecked());
      assert.ok(await page.getByLabel('Test mode').isChecked());
      await page.getByLabel('From name').fill('Acme Billing');
      await page.getByRole('button', { name: 'Send invoice' }).click();
      await page.waitForURL(/notice=sent/);
      const loadedAt = page.url();
      // The message turns sent in place: htmx polls the section, the page is not reloaded.
      await page.locator('#deliveries [data-status="sent"]').waitFor({ timeout: 30_000 });
      assert.equal(page.url(), loadedAt);
      assert.ok(await page.getByText('To alex@example.com').isVisible());
      await assertAccessible(page, 'invoice page after sending');

      await page.getByLabel('Amount (USD)').fill('500');
      await page.getByLabel('Method').selectOption('cash');
      await page.getByLabel('Date paid').fill('2026-11-20');
      await page.getByLabel('Note').fill('Paid at the counter');
      await page.getByRole('button', { name: 'Record payment' }).click();
      await page.waitForURL(/notice=payment/);
      assert.equal(await page.locator('#invoice-status').textContent(), 'PARTIALLY PAID');
      assert.ok(await page.getByText('Paid at the counter').isVisible());
      await assertAccessible(page, 'invoice page with a payment');
      await screenshotBoth(page, `${url}#payments`, 'invoice-payments');

      await page.getByLabel('Refund amount (USD)').fill('500');
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      await page.waitForURL(/notice=refund/);
      assert.equal(await page.locator('#invoice-status').textContent(), 'DUE');
      assert.ok(await page.getByText('Refunded $500.00').isVisible());

      await page.getByRole('link', { name: 'Void', exact: true }).click();
      await page.waitForURL(/\/void$/);
      assert.ok(await page.getByText('Are you sure?').isVisible());
      await assertAccessible(page, 'void confirmation');
      await page.getByRole('button', { name: 'Void invoice' }).click();
      await page.waitForURL(/notice=void/);
      assert.equal(await page.locator('#invoice-status').textContent(), 'VOID');
      await assertAccessible(page, 'void invoice');
    } finally {
      await context.close();
    }
  });

  test('without JavaScript: send, Refresh until sent, record a payment, void needs its confirmation', async () => {
    const { locationId, locationToken, userId } = t.tenant;
    const invoice = await createInvoice(t.app, locationToken, locationId);
    const url = `${baseUrl}/app/l/${locationId}/invoices/${invoice._id}`;
    const { context, page } = await signedInContext(browser, baseUrl, t.store, userId, {
      javaScriptEnabled: false,
    });
    try {
      await page.goto(`${url}/send`);
      await page.getByRole('button', { name: 'Send invoice' }).click();
      await page.waitForURL(/notice=sent/);
      // Bounded: at most 300 reloads, 100 ms apart (the worker renders the PDF it attaches first).
      for (let i = 0; i < 300; i++) {
        if ((await page.locator('#deliveries [data-status="sent"]').count()) > 0) break;
        await page.waitForTimeout(100);
        const refresh = page.getByRole('link', { name: 'Refresh' });
        if ((await refresh.count()) > 0) await refresh.click();
        else await page.reload();
        await page.waitForLoadState();
      }
      assert.equal(await page.locator('#deliveries [data-status="sent"]').count(), 1);
      await page.getByLabel('Amount (USD)').fill('19.99');
      await page.getByRole('button', { name: 'Record payment' }).click();
      await page.waitForURL(/notice=payment/);
      assert.equal(await page.locator('#invoice-status').textContent(), 'PARTIALLY PAID');
      await page.getByLabel('Refund amount (USD)').fill('');
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      await page.waitForURL(/notice=refund/);
      await page.getByRole('link', { name: 'Void', exact: true }).click();
      await page.getByRole('button', { name: 'Void invoice' }).click();
      await page.waitForURL(/notice=void/);
      assert.equal(await page.locator('#invoice-status').textContent(), 'VOID');
    } finally {
      await context.close();
    }
  });

  async function token(invoiceId: string): Promise<string> {
    const row = await t.store.db
      .selectFrom('invoices')
      .select('public_token')
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    return row.public_token;
  }
});
