/**
 * The business's whole journey through the dashboard in Chromium (issue #13): sign in, create an invoice
 * with three items and a discount, send it by email in test mode, open the outbox, open the customer link
 * from the email and pay with the test card, see the invoice paid with the payment in its timeline, then
 * record a partial payment on another invoice, refund it and void that invoice. Every page is checked with
 * axe-core and photographed for docs/screenshots/journey-*.png, on a desktop and a phone.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { setUserPassword } from '../../src/tenancy/sign-in.ts';
import { authHeaders, type TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium } from '../fixtures/browser.ts';
import {
  assertAccessible,
  DESKTOP,
  PHONE,
  SCREENSHOTS,
  type ServedDashboard,
  serveDashboard,
} from '../fixtures/dashboard-browser.ts';
import { createInvoice } from '../fixtures/invoices.ts';

const PASSWORD = 'journey password 2026';

describe('the dashboard journey in Chromium', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let t: TestContext;
  let browser: Browser;
  let baseUrl: string;
  let served: ServedDashboard;
  let step = 0;

  before(async () => {
    served = await serveDashboard({ deliveries: true });
    ({ t, browser, baseUrl } = served);
  });
  after(async () => {
    await served?.close();
  });

  /** The page as it is now, checked with axe, photographed wide and narrow (without reloading it). */
  async function shot(page: Page, name: string): Promise<void> {
    step += 1;
    const file = `journey-${String(step).padStart(2, '0')}-${name}`;
    await assertAccessible(page, name);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${file}-desktop.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    await assertAccessible(page, `${name} on a phone`);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${file}-phone.png`), fullPage: true });
    await page.setViewportSize(DESKTOP);
  }

  async function stored(invoiceId: string) {
    const res = await t.app.inject({
      method: 'GET',
      url: `/invoices/${invoiceId}?altId=${t.tenant.locationId}&altType=location`,
      headers: authHeaders(t.tenant.locationToken),
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  test('sign in, invoice, send, outbox, pay, paid; partial payment, refund, void', async () => {
    const { locationId, locationToken, userId } = t.tenant;
    await setUserPassword({ store: t.store }, userId, PASSWORD);
    const email = (
      await t.store.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()
    ).email;
    const context = await browser.newContext({ viewport: DESKTOP, bypassCSP: true });
    const page = await context.newPage();
    try {
      // Sign in with a password; the dashboard opens on the location's overview.
      await page.goto(`${baseUrl}/app`);
      await page.waitForURL(/\/app\/login$/);
      await shot(page, 'sign-in');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(new RegExp(`/app/l/${locationId}$`));
      await shot(page, 'overview');

      // A new invoice: three items and a 10% discount; the totals follow the typing.
      await page.getByRole('link', { name: 'Invoices', exact: true }).first().click();
      await page.waitForURL(/\/invoices$/);
      await page.goto(`${baseUrl}/app/l/${locationId}/invoices/new`);
      await page.getByLabel('Name', { exact: true }).first().fill('Garden makeover');
      await page.locator('#contactName').fill('Robin Green');
      await page.locator('#contactEmail').fill('robin@example.com');
      await page.locator('#item-0-name').fill('Design');
      await page.locator('#item-0-amount').fill('100');
      await page.locator('#item-0-qty').fill('2');
      await page.getByRole('button', { name: 'Add item' }).click();
      await page.locator('#item-1-name').waitFor();
      await page.locator('#item-1-name').fill('Plants');
      await page.locator('#item-1-amount').fill('45.50');
      await page.getByRole('button', { name: 'Add item' }).click();
      await page.locator('#item-2-name').waitFor();
      await page.locator('#item-2-name').fill('Soil');
      await page.locator('#item-2-amount').fill('9.99');
      await page.locator('#item-2-qty').fill('3');
      await page.locator('#discountValue').fill('10');
      // 200 + 45.50 + 29.97 = 275.47, less 10% (27.55) = 247.92.
      await page.waitForFunction(() => document.getElementById('total-amount')?.textContent === '$247.92');
      await shot(page, 'invoice-editor');
      await page.getByRole('button', { name: 'Create draft' }).click();
      await page.waitForURL(
        (url) => /\/invoices\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'),
      );
      const invoiceId = new URL(page.url()).pathname.split('/').pop()!;
      const created = await stored(invoiceId);
      assert.equal(created.total, 247.92, 'the server stores what the editor showed');
      assert.equal(created.invoiceItems.length, 3);
      assert.equal(created.liveMode, false, 'the location is in test mode');
      await shot(page, 'invoice-draft');

      // Send it by email, in test mode; the message turns sent on the page.
      await page.getByRole('link', { name: 'Send', exact: true }).click();
      await page.waitForURL(/\/send$/);
      assert.ok(await page.getByLabel('Test mode').isChecked());
      await shot(page, 'send-dialog');
      await page.getByRole('button', { name: 'Send invoice' }).click();
      await page.waitForURL(/notice=sent/);
      await page.locator('#deliveries [data-status="sent"]').waitFor({ timeout: 30_000 });
      await shot(page, 'invoice-sent');

      // The outbox is one click away in test mode: the email is there, with the customer's link.
      await page.getByRole('link', { name: 'Open the outbox' }).click();
      await page.waitForURL(/\/dev\/outbox/);
      await shot(page, 'outbox');
      await page.locator('tr', { hasText: 'robin@example.com' }).getByRole('link').first().click();
      const frame = page.frameLocator('iframe');
      const customerLink = await frame.locator('a[href*="/i/"]').first().getAttribute('href');
      assert.ok(customerLink?.startsWith(`${baseUrl}/i/`), String(customerLink));
      await shot(page, 'outbox-email');

      // The customer pays with the test card.
      await page.goto(customerLink!);
      await page.getByRole('button', { name: 'Pay $247.92' }).click();
      await page.waitForURL(/\/pay\/test\//);
      await page.getByLabel('Card number').fill('4242 4242 4242 4242');
      await page.getByLabel('Expiry (not sent)').fill('12 / 34');
      await page.getByLabel('CVC (not sent)').fill('123');
      await page.getByRole('button', { name: 'Pay $247.92' }).click();
      await page.waitForURL(/\/i\/[^?]+\?paid=/);
      assert.ok(await page.getByText('Thank you! Your payment was received.').isVisible());
      await shot(page, 'customer-paid');

      // Back on the dashboard: paid, with the payment in the timeline.
      await page.goto(`${baseUrl}/app/l/${locationId}/invoices/${invoiceId}`);
      assert.equal(await page.locator('#invoice-status').textContent(), 'PAID');
      const history = (await page.locator('#history').textContent()) ?? '';
      assert.match(history, /Payment of \$247\.92 received/);
      assert.match(history, /Viewed by the customer/);
      assert.match((await page.locator('#payments').textContent()) ?? '', /\$247\.92/);
      await shot(page, 'invoice-paid');
      await page.goto(`${baseUrl}/app/l/${locationId}/invoices?status=paid`);
      assert.equal(await page.locator('tbody tr', { hasText: 'Garden makeover' }).count(), 1);
      await shot(page, 'invoice-list-paid');

      // Another invoice: a partial payment recorded by hand, refunded, then the invoice voided.
      const other = await createInvoice(t.app, locationToken, locationId, { name: 'Quarterly upkeep' });
      const otherUrl = `${baseUrl}/app/l/${locationId}/invoices/${other._id}`;
      await page.goto(`${otherUrl}/send`);
      await page.getByLabel('Mark as sent (no message)').check();
      await page.getByRole('button', { name: 'Send invoice' }).click();
      await page.waitForURL(/notice=(sent|marked)/);
      await page.getByLabel('Amount (USD)').fill('500');
      await page.getByLabel('Method').selectOption('cash');
      await page.getByLabel('Note').fill('Deposit');
      await page.getByRole('button', { name: 'Record payment' }).click();
      await page.waitForURL(/notice=payment/);
      assert.equal(await page.locator('#invoice-status').textContent(), 'PARTIALLY PAID');
      assert.equal((await stored(other._id)).amountPaid, 500);
      await shot(page, 'partial-payment');
      // A refund of all of it (an empty amount): nothing is paid any more, so the invoice can be voided.
      await page.getByLabel('Refund amount (USD)').fill('');
      await page.getByRole('button', { name: 'Refund', exact: true }).click();
      await page.waitForURL(/notice=refund/);
      assert.ok(await page.getByText('Refunded $500.00').isVisible());
      assert.equal((await stored(other._id)).amountPaid, 0);
      assert.equal(await page.locator('#invoice-status').textContent(), 'DUE');
      await shot(page, 'refund');
      await page.getByRole('link', { name: 'Void', exact: true }).click();
      await page.waitForURL(/\/void$/);
      await shot(page, 'void-confirm');
      await page.getByRole('button', { name: 'Void invoice' }).click();
      await page.waitForURL(/notice=void/);
      assert.equal(await page.locator('#invoice-status').textContent(), 'VOID');
      assert.equal((await stored(other._id)).status, 'void');
      await shot(page, 'voided');
    } finally {
      await context.close();
    }
  });
});
