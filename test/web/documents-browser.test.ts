/**
 * The schedules, estimates and templates screens in Chromium: each list and editor driven as a person
 * would (including "Add item"), axe-core on each, screenshots for docs/screenshots; the estimate's page
 * shows the customer's acceptance without a reload (htmx polling) and the customer link copies.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium } from '../fixtures/browser.ts';
import {
  assertAccessible,
  SCREENSHOTS,
  type ServedDashboard,
  screenshotBoth,
  serveDashboard,
  signedInContext,
} from '../fixtures/dashboard-browser.ts';

describe('dashboard schedules, estimates and templates in Chromium', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let t: TestContext;
  let browser: Browser;
  let served: ServedDashboard;
  let baseUrl: string;
  let context: BrowserContext;
  let page: Page;
  let loc: string;
  before(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    served = await serveDashboard();
    ({ t, browser, baseUrl } = served);
    ({ context, page } = await signedInContext(browser, baseUrl, t.store, t.tenant.userId));
    loc = `${baseUrl}/app/l/${t.tenant.locationId}`;
  });
  after(async () => {
    await context?.close();
    await served?.close();
  });

  /** The shared parts of every editor: name, currency, two item rows (the second through "Add item"). */
  async function fillDocument(name: string, contact: boolean) {
    await page.fill('#name', name);
    await page.fill('#currency', 'USD');
    if (contact) {
      await page.fill('#contact_name', 'Sam Lee');
      await page.fill('#contact_email', 'sam@example.com');
    }
    await page.fill('#item_name_1', 'Design');
    await page.fill('#item_amount_1', '1200');
    await page.fill('#item_qty_1', '1');
    await page.getByRole('button', { name: 'Add item' }).click();
    await page.waitForSelector('#item_name_2');
    assert.equal(await page.inputValue('#item_name_1'), 'Design', 'the first row is kept');
    await page.fill('#item_name_2', 'Hosting');
    await page.fill('#item_amount_2', '25.50');
    await page.fill('#item_qty_2', '12');
  }

  test('templates: editor, list, edit', async () => {
    await page.goto(`${loc}/templates/new`);
    await assertAccessible(page, 'template editor');
    await fillDocument('Website package', false);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/templates\/[^/]+\/edit\?notice=saved$/);
    assert.ok(await page.getByText('Your changes are saved.').isVisible());
    await assertAccessible(page, 'template editor with a template');
    await page.goto(`${loc}/templates`);
    assert.ok(await page.getByRole('link', { name: 'New invoice from this template' }).isVisible());
    await screenshotBoth(page, `${loc}/templates`, 'templates');
  });

  test('schedules: a problem keeps the input; save and activate; the page shows the next run', async () => {
    await page.goto(`${loc}/schedules/new`);
    await fillDocument('Monthly care plan', true);
    await page.fill('#start_date', '2027-01-15');
    await page.fill('#start_time', '09:30');
    await page.fill('#timezone', 'Not/AZone');
    await page.getByRole('button', { name: 'Save and activate' }).click();
    await page.waitForSelector('#problems');
    assert.ok(await page.getByText('The time zone must be one such as').isVisible());
    assert.equal(await page.inputValue('#item_name_2'), 'Hosting');
    await assertAccessible(page, 'schedule editor with a problem');
    await page.fill('#timezone', 'America/Chicago');
    await page.selectOption('#end_type', 'count');
    await page.fill('#count', '12');
    await page.getByRole('button', { name: 'Save and activate' }).click();
    await page.waitForURL(/\/schedules\/[^/]+\?notice=activated$/);
    assert.equal(await page.textContent('#next-run'), '2027-01-15 09:30 (America/Chicago)');
    await assertAccessible(page, 'schedule page');
    const scheduleUrl = page.url().split('?')[0]!;
    await screenshotBoth(page, `${scheduleUrl}/edit`, 'schedule-editor');
    await screenshotBoth(page, `${loc}/schedules`, 'schedules');
  });

  test('estimates: create, send in test mode, the customer accepts, the page shows it without a reload', async () => {
    await page.goto(`${loc}/estimates/new`);
    await assertAccessible(page, 'estimate editor');
    await fillDocument('Shop redesign', true);
    await page.fill('#expiry_date', '2099-06-30');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/estimates\/[^/]+\?notice=created$/);
    const estimateUrl = page.url().split('?')[0]!;
    assert.equal(await page.inputValue('#mode'), 'test', 'sends default to test mode');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.waitForURL(/\?notice=sent$/);
    assert.ok(await page.getByText('The estimate was sent.').isVisible());
    const link = await page.inputValue('#customer-link');
    assert.match(link, new RegExp(`^${baseUrl}/e/`));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();

    const customer = await context.newPage();
    await customer.goto(link);
    await customer.getByRole('button', { name: /accept/i }).click();
    await customer.waitForURL(link);
    await customer.close();
    // htmx polls the status every 3 s; the page has not been reloaded.
    await page.locator('#estimate-status .pill', { hasText: 'accepted' }).waitFor({ timeout: 15_000 });
    assert.ok(await page.getByText('by the customer').first().isVisible());
    await assertAccessible(page, 'estimate page, accepted');
    await screenshotBoth(page, estimateUrl, 'estimate-page');
    await screenshotBoth(page, `${loc}/estimates`, 'estimates');
  });

  test('without JavaScript: "Add item", saving and the estimate page’s Refresh link work', async () => {
    const plain = await signedInContext(browser, baseUrl, t.store, t.tenant.userId, {
      javaScriptEnabled: false,
    });
    try {
      const p = plain.page;
      await p.goto(`${loc}/templates/new`);
      await p.fill('#name', 'No-JS template');
      await p.fill('#currency', 'EUR');
      await p.fill('#item_name_1', 'Visit');
      await p.fill('#item_amount_1', '80');
      await p.getByRole('button', { name: 'Add item' }).click();
      await p.waitForSelector('#item_name_2');
      await p.fill('#item_name_2', 'Parts');
      await p.fill('#item_amount_2', '12.40');
      await p.getByRole('button', { name: 'Save' }).click();
      await p.waitForURL(/\/templates\/[^/]+\/edit\?notice=saved$/);
      assert.equal(await p.inputValue('#item_name_2'), 'Parts');
      await p.goto(`${loc}/estimates`);
      await p.getByRole('link', { name: 'EST-1' }).click();
      await p.getByRole('link', { name: 'Refresh' }).click();
      assert.ok(await p.locator('#estimate-status .pill', { hasText: 'accepted' }).isVisible());
    } finally {
      await plain.context.close();
    }
  });
});
