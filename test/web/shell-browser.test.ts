/** The dashboard's shell in Chromium: signed in by link, the overview, sign-out; axe-core finds nothing serious. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium } from '../fixtures/browser.ts';
import {
  assertAccessible,
  PHONE,
  type ServedDashboard,
  serveDashboard,
  signedInContext,
} from '../fixtures/dashboard-browser.ts';

describe('dashboard shell in Chromium', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let t: TestContext;
  let browser: Browser;
  let served: ServedDashboard;
  let baseUrl: string;
  before(async () => {
    served = await serveDashboard();
    ({ t, browser, baseUrl } = served);
  });
  after(async () => {
    await served?.close();
  });

  test('a sign-in link opens the location overview; sign-out ends the session', async () => {
    const { context, page } = await signedInContext(browser, baseUrl, t.store, t.tenant.userId);
    try {
      assert.equal(new URL(page.url()).pathname, `/app/l/${t.tenant.locationId}`);
      assert.ok(await page.getByRole('link', { name: 'Invoices' }).first().isVisible());
      assert.ok(await page.getByText('Test mode: invoices are sent to the outbox').isVisible());
      await assertAccessible(page, 'overview');
      await page.setViewportSize(PHONE);
      await assertAccessible(page, 'overview on a phone');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/app\/login$/);
      const back = await page.goto(`${baseUrl}/app/l/${t.tenant.locationId}`);
      assert.equal(new URL(page.url()).pathname, '/app/login');
      assert.equal(back?.status(), 200);
    } finally {
      await context.close();
    }
  });
});
