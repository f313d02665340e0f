/**
 * The overview and settings screens in Chromium: each page passes axe-core (desktop and phone), the
 * forms work in a real browser (a token shown once, a webhook added), and the screenshots for
 * docs/screenshots: overview, settings, settings-tokens, settings-webhooks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { addDays } from '../../src/domain/ageing.ts';
import { locationNow } from '../../src/store/clocks.ts';
import { fanOutEvents } from '../../src/webhooks/fan-out.ts';
import { authHeaders, type TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium } from '../fixtures/browser.ts';
import {
  assertAccessible,
  PHONE,
  type ServedDashboard,
  screenshotBoth,
  serveDashboard,
  signedInContext,
} from '../fixtures/dashboard-browser.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { subscribe } from '../fixtures/webhooks.ts';

describe('overview and settings in Chromium', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let t: TestContext;
  let browser: Browser;
  let served: ServedDashboard;
  let baseUrl: string;
  let hookId: string;

  async function api(url: string, payload: Record<string, unknown>) {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: authHeaders(t.tenant.locationToken),
      payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  before(async () => {
    served = await serveDashboard();
    ({ t, browser, baseUrl } = served);
    const loc = t.tenant.locationId;
    const alt = { altId: loc, altType: 'location' };
    hookId = (await subscribe(t, 'http://127.0.0.1:9/hooks', { events: ['InvoiceCreate', 'InvoicePaid'] }))
      .id;
    const today = (await locationNow(t.store.db, loc, false)).toISOString().slice(0, 10);
    const plan: [string, number, number, number?][] = [
      ['USD', 1200, 0],
      ['USD', 450, 12],
      ['USD', 800, 45],
      ['USD', 300, 75],
      ['USD', 150, 120],
      ['USD', 980, 20, 980],
      ['USD', 640, 50, 640],
      ['EUR', 700, 5],
      ['EUR', 400, 40, 400],
    ];
    let month = 0;
    for (const [currency, amount, back, paid] of plan) {
      const inv = await createInvoice(t.app, t.tenant.locationToken, loc, {
        currency,
        items: [{ name: 'Work', currency, amount, qty: 1 }],
        issueDate: addDays(today, -back),
        dueDate: addDays(today, -back),
      });
      await api(`/invoices/${inv._id}/send`, {
        ...alt,
        userId: t.tenant.userId,
        action: 'send_manually',
        liveMode: false,
      });
      if (paid) {
        const when = new Date(`${addDays(today, -30 * month++)}T12:00:00Z`).toISOString();
        await api(`/invoices/${inv._id}/record-payment`, {
          ...alt,
          mode: 'cash',
          amount: paid,
          fulfilledAt: when,
        });
      }
    }
    await fanOutEvents(t.app.services.webhooks);
  });
  after(async () => {
    await served?.close();
  });

  test('every page passes axe-core; screenshots of the overview and settings', async () => {
    const { context, page } = await signedInContext(browser, baseUrl, t.store, t.tenant.userId);
    const at = (p: string) => `${baseUrl}/app/l/${t.tenant.locationId}${p}`;
    try {
      await screenshotBoth(page, at(''), 'overview');
      assert.ok(await page.getByRole('group', { name: /Unpaid USD invoices by days past due/ }).isVisible());
      await screenshotBoth(page, at('/settings'), 'settings');
      await screenshotBoth(page, at('/settings/tokens'), 'settings-tokens');
      await screenshotBoth(page, at('/settings/webhooks'), 'settings-webhooks');
      for (const p of ['/settings/invoices', '/settings/payments', `/settings/webhooks/${hookId}`]) {
        for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
          await page.setViewportSize(viewport);
          await page.goto(at(p));
          await assertAccessible(page, `${p} at ${viewport.width}px`);
        }
      }
    } finally {
      await context.close();
    }
  });

  test('in the browser: a bar opens its invoices, a token is shown once, a webhook is added', async () => {
    const { context, page } = await signedInContext(browser, baseUrl, t.store, t.tenant.userId);
    const at = (p: string) => `${baseUrl}/app/l/${t.tenant.locationId}${p}`;
    try {
      await page.goto(at(''));
      const bar = page.locator('svg.chart a').first();
      const href = await bar.getAttribute('href');
      assert.match(href ?? '', /\/invoices\?unpaid=1&dueFrom=\d{4}-\d{2}-\d{2}$/);

      await page.goto(at('/settings/tokens'));
      await page.getByLabel('Label').fill('Browser token');
      await page.getByLabel('invoices.write', { exact: true }).check();
      await page.getByRole('button', { name: 'Create token' }).click();
      const secret = await page.getByLabel('Token', { exact: true }).inputValue();
      assert.match(secret, /^\S{20,}$/);
      await assertAccessible(page, 'token created');
      await page.getByRole('link', { name: 'Done' }).click();
      assert.ok(!(await page.content()).includes(secret));
      assert.equal(await page.getByRole('cell', { name: 'Browser token', exact: true }).count(), 1);

      await page.goto(at('/settings/webhooks'));
      await page.getByLabel('URL').fill('http://127.0.0.1:9/browser');
      await page.getByLabel('InvoiceSent').check();
      await page.getByRole('button', { name: 'Add webhook' }).click();
      await page.waitForURL(/notice=webhook-added/);
      assert.ok(await page.getByRole('link', { name: 'http://127.0.0.1:9/browser' }).isVisible());
    } finally {
      await context.close();
    }
  });
});
