/**
 * The Pay flow in test mode through the real routes, in headless Debian Chromium with JavaScript off:
 * the page's form, the test checkout, a success with its receipt, a decline, and a schedule entry. The
 * screenshots are docs/pay-test-checkout.png, docs/pay-receipt.png and docs/pay-declined.png.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { setupApp, type TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium, launchChromium } from '../fixtures/browser.ts';
import { freePort } from '../fixtures/cli.ts';
import { sentInvoice } from '../fixtures/pay.ts';

const docs = (name: string) => path.join(import.meta.dirname, '..', '..', 'docs', name);

describe('paying in test mode in Chromium, without JavaScript', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let ctx: TestContext;
  let browser: Browser;
  let baseUrl: string;

  before(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // The checkout URL startCheckout answers is absolute: PUBLIC_URL must be where the browser goes.
    ctx = await setupApp({ publicUrl: baseUrl });
    await ctx.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** A page without JavaScript that may reach only this server. */
  async function open(width = 1000): Promise<{ context: BrowserContext; page: Page; hosts: Set<string> }> {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).host));
    return { context, page, hosts };
  }

  async function invoicePage(overrides: Record<string, unknown>) {
    const inv = await sentInvoice(ctx, {
      contactDetails: { id: 'c-42', name: 'Jordan Lee', email: 'jordan@example.com' },
      ...overrides,
    });
    return { ...inv, url: `${baseUrl}/i/${inv.token}` };
  }

  test('success: a tip, the test checkout, 4242, then the receipt', async () => {
    const inv = await invoicePage({ tipsConfiguration: { tipsEnabled: true, tipsPercentage: [10, 15] } });
    const { context, page, hosts } = await open();
    try {
      assert.equal((await page.goto(inv.url))?.status(), 200);
      assert.ok(await page.getByRole('radio', { name: 'No tip' }).isChecked());
      await page.getByRole('radio', { name: /10%/ }).check();
      await page.getByRole('checkbox', { name: 'Save this card for future payments' }).check();
      await page.getByRole('button', { name: 'Pay $2,019.00' }).click();
      await page.waitForURL(/\/pay\/test\/[0-9a-f]+$/);
      assert.ok(await page.getByText('TEST MODE: a test checkout').isVisible());
      assert.equal(await page.locator('#checkout-total').textContent(), '$2,220.90');
      assert.ok(await page.getByText('$201.90').isVisible(), 'the tip on its own line');
      await page.screenshot({ path: docs('pay-test-checkout.png'), fullPage: true });

      await page.getByLabel('Card number').fill('4242 4242 4242 4242');
      await page.getByLabel('Expiry (not sent)').fill('12 / 34');
      await page.getByLabel('CVC (not sent)').fill('123');
      await page.getByRole('button', { name: 'Pay $2,220.90' }).click();
      await page.waitForURL(new RegExp(`/i/${inv.token}\\?paid=`));
      assert.ok(await page.getByText('Thank you! Your payment was received.').isVisible());
      assert.ok(await page.getByText('This invoice has been paid').isVisible());
      const receipt = page.locator('#receipt');
      assert.ok(await receipt.isVisible());
      assert.match((await receipt.textContent()) ?? '', /Visa ending 4242.*\$2,019\.00.*\$201\.90/);
      assert.equal(await page.locator('#pay').count(), 0);
      await page.screenshot({ path: docs('pay-receipt.png'), fullPage: true });
      assert.deepEqual([...hosts], [new URL(baseUrl).host]);
    } finally {
      await context.close();
    }
  });

  test('decline: 0002 shows the reason on the checkout, and nothing is paid', async () => {
    const inv = await invoicePage({});
    const { context, page } = await open();
    try {
      await page.goto(inv.url);
      await page.getByRole('button', { name: 'Pay $2,019.00' }).click();
      await page.waitForURL(/\/pay\/test\//);
      await page.getByLabel('Card number').fill('4000000000000002');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Pay $2,019.00' }).click(),
      ]);
      assert.equal(response.status(), 402);
      assert.ok(await page.getByRole('alert').filter({ hasText: 'Your card was declined.' }).isVisible());
      assert.equal(await page.getByLabel('Card number').inputValue(), '');
      await page.screenshot({ path: docs('pay-declined.png'), fullPage: true });
      await page.getByRole('link', { name: 'Cancel and go back to the invoice' }).click();
      await page.waitForURL(inv.url);
      assert.ok(await page.getByRole('button', { name: 'Pay $2,019.00' }).isVisible());
    } finally {
      await context.close();
    }
  });

  test('a schedule: the next entry is paid, the schedule shows it Paid and offers the next', async () => {
    const inv = await invoicePage({
      paymentSchedule: {
        type: 'fixed',
        schedules: [
          { name: 'Deposit', value: 500, dueDate: '2026-11-05' },
          { name: 'Balance', value: 1519, dueDate: '2026-12-05' },
        ],
      },
    });
    const { context, page } = await open(375);
    try {
      await page.goto(inv.url);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `the page is ${width}px wide on a phone`);
      assert.match(
        (await page.locator('#pay').textContent()) ?? '',
        /Next payment: Deposit, due November 5, 2026/,
      );
      await page.getByRole('button', { name: 'Pay $500.00' }).click();
      await page.waitForURL(/\/pay\/test\//);
      await page.getByLabel('Card number').fill('4242424242424242');
      await page.getByRole('button', { name: 'Pay $500.00' }).click();
      await page.waitForURL(/\?paid=/);
      const schedule = page.locator('#schedule');
      assert.match((await schedule.locator('tr', { hasText: 'Deposit' }).textContent()) ?? '', /Paid/);
      assert.match((await schedule.locator('tr', { hasText: 'Balance' }).textContent()) ?? '', /Due/);
      assert.equal(await page.locator('#amount-due').textContent(), '$1,519.00');
      assert.ok(await page.getByRole('button', { name: 'Pay $1,519.00' }).isVisible());
    } finally {
      await context.close();
    }
  });
});
