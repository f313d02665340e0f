/** The invoice list and editor in Chromium: live totals while typing, rows added with htmx, filters, axe. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { authHeaders, type TestContext } from '../fixtures/app.ts';
import { CHROMIUM, hasChromium } from '../fixtures/browser.ts';
import {
  assertAccessible,
  type ServedDashboard,
  screenshotBoth,
  serveDashboard,
  signedInContext,
} from '../fixtures/dashboard-browser.ts';
import { createInvoice } from '../fixtures/invoices.ts';

describe('dashboard invoices in Chromium', {
  skip: hasChromium ? false : `${CHROMIUM} is not installed`,
}, () => {
  let t: TestContext;
  let browser: Browser;
  let served: ServedDashboard;
  let baseUrl: string;
  let base: string;
  before(async () => {
    served = await serveDashboard();
    ({ t, browser, baseUrl } = served);
    base = `${baseUrl}/app/l/${t.tenant.locationId}/invoices`;
    const { locationToken, locationId } = t.tenant;
    const template = await t.app.inject({
      method: 'POST',
      url: '/invoices/template',
      headers: authHeaders(locationToken),
      payload: {
        altId: locationId,
        altType: 'location',
        name: 'Monthly retainer',
        businessDetails: { name: 'Acme' },
        currency: 'USD',
        items: [{ name: 'Retainer', currency: 'USD', amount: 500, qty: 1 }],
      },
    });
    assert.equal(template.statusCode, 200, template.body);
    const names = ['Website redesign', 'Logo refresh', 'Hosting 2026', 'Consulting', 'Photo shoot'];
    for (const [i, name] of names.entries()) {
      const invoice = await createInvoice(t.app, locationToken, locationId, {
        name,
        issueDate: `2026-0${i + 1}-10`,
        dueDate: `2026-0${i + 1}-25`,
        liveMode: i % 2 === 0,
        contactDetails: {
          id: `c${i}`,
          name: ['Alex Doe', 'Sam Lee', 'Kim Park', 'Ola Nord', 'Lu Chen'][i]!,
          email: `c${i}@example.com`,
        },
      });
      if (i > 0) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/invoices/${invoice._id}/send`,
          headers: authHeaders(locationToken),
          payload: {
            altId: locationId,
            altType: 'location',
            userId: t.tenant.userId,
            action: 'send_manually',
            liveMode: i % 2 === 0,
          },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      if (i === 2 || i === 3) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/invoices/${invoice._id}/record-payment`,
          headers: authHeaders(locationToken),
          payload: { altId: locationId, altType: 'location', mode: 'cash', amount: i === 2 ? 2019 : 500 },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
    }
  });
  after(async () => {
    await served?.close();
  });

  test('the editor: three items and a discount, totals update while typing, saved as shown', async () => {
    const { context, page } = await signedInContext(browser, baseUrl, t.store, t.tenant.userId);
    try {
      await page.goto(`${base}/new`);
      await page.getByLabel('Name', { exact: true }).first().fill('Garden makeover');
      await page.locator('#contactName').fill('Robin Green');
      await page.locator('#contactEmail').fill('robin@example.com');
      await page.locator('#item-0-name').fill('Design');
      await page.locator('#item-0-amount').fill('100');
      await page.locator('#item-0-qty').fill('2');
      const total = page.locator('#total-amount');
      await page.waitForFunction(() => document.getElementById('total-amount')?.textContent === '$200.00');
      // Add item with htmx: the form is swapped in place with one more row, what was typed kept.
      await page.getByRole('button', { name: 'Add item' }).click();
      await page.locator('#item-1-name').waitFor();
      assert.equal(await page.locator('#item-0-name').inputValue(), 'Design');
      await page.locator('#item-1-name').fill('Plants');
      await page.locator('#item-1-amount').fill('45.50');
      await page.locator('#item-1-tax-name').fill('VAT');
      await page.locator('#item-1-tax-rate').fill('20');
      await page.getByRole('button', { name: 'Add item' }).click();
      await page.locator('#item-2-name').waitFor();
      await page.locator('#item-2-name').fill('Soil');
      await page.locator('#item-2-amount').fill('9.99');
      await page.locator('#item-2-qty').fill('3');
      await page.locator('#discountValue').fill('10');
      // 200 + 45.50 + 29.97 = 275.47; 10% off = 27.55 -> 247.92; VAT 20% of 45.50 less its share 4.55 = 8.19.
      await page.waitForFunction(() => document.getElementById('total-amount')?.textContent === '$256.11');
      assert.equal(await total.textContent(), '$256.11');
      await assertAccessible(page, 'invoice editor');
      await page.getByRole('button', { name: 'Create draft' }).click();
      await page.waitForURL(
        (url) => /\/invoices\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'),
      );
      const id = new URL(page.url()).pathname.split('/').pop()!;
      const res = await t.app.inject({
        method: 'GET',
        url: `/invoices/${id}?altId=${t.tenant.locationId}&altType=location`,
        headers: authHeaders(t.tenant.locationToken),
      });
      assert.equal(res.json().total, 256.11);
      assert.equal(res.json().invoiceItems.length, 3);
    } finally {
      await context.close();
    }
  });

  test('the editor of a draft with three items, a discount and a tax: axe, screenshots', async () => {
    const draft = await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId, {
      name: 'Kitchen remodel',
      contactDetails: { id: 'c9', name: 'Jamie Buyer', email: 'jamie@example.com', phoneNo: '+14155550111' },
      items: [
        {
          name: 'Oak cabinets',
          description: 'Six units',
          currency: 'USD',
          amount: 1234.56,
          qty: 1,
          taxes: [{ _id: 't1', name: 'VAT', rate: 7.25 }],
        },
        { name: 'Labour', currency: 'USD', amount: 85, qty: 12 },
        {
          name: 'Brass handles',
          currency: 'USD',
          amount: 3.35,
          qty: 24,
          taxes: [{ _id: 't2', name: 'VAT', rate: 7.25 }],
        },
      ],
      discount: { type: 'percentage', value: 10 },
      termsNotes: 'Payment within 30 days.',
    });
    const { context, page } = await signedInContext(browser, baseUrl, t.store, t.tenant.userId);
    try {
      await page.goto(`${base}/${draft._id}/edit`);
      assert.equal(await page.locator('#item-2-name').inputValue(), 'Brass handles');
      await assertAccessible(page, 'invoice editor of a draft');
      await screenshotBoth(page, `${base}/${draft._id}/edit`, 'invoice-editor');
    } finally {
      await context.close();
    }
  });

  test('the list: tabs, search and date filters; axe; screenshots', async () => {
    const { context, page } = await signedInContext(browser, baseUrl, t.store, t.tenant.userId);
    try {
      await page.goto(base);
      const rows = page.locator('#invoice-results tbody tr');
      assert.ok((await rows.count()) >= 5);
      await page.getByRole('link', { name: 'Paid', exact: true }).click();
      await page.waitForURL(/status=paid/);
      assert.equal(await rows.count(), 1);
      assert.match((await rows.first().textContent()) ?? '', /Hosting 2026/);
      await page.getByRole('link', { name: 'All', exact: true }).click();
      await page.waitForURL((url) => !url.search.includes('status'));
      // htmx: typing in the search box filters the rows without a page load.
      await page.locator('#f-q').fill('Sam Lee');
      await page.waitForFunction(() => document.querySelectorAll('#invoice-results tbody tr').length === 1);
      assert.match((await rows.first().textContent()) ?? '', /Logo refresh/);
      // The status tabs follow the search (swapped out of band), and the address bar too.
      await page.waitForFunction(() =>
        /q=Sam/.test(document.querySelector('#status-tabs a')?.getAttribute('href') ?? ''),
      );
      assert.match(page.url(), /q=Sam/);
      await page.locator('#f-q').fill('');
      await page.waitForFunction(() => document.querySelectorAll('#invoice-results tbody tr').length >= 5);
      await page.goto(`${base}?dueFrom=2026-03-01&dueTo=2026-04-30`);
      assert.equal(await rows.count(), 2);
      await assertAccessible(page, 'invoice list');
      await screenshotBoth(page, base, 'invoice-list');
    } finally {
      await context.close();
    }
  });

  test('without JavaScript: filters and the editor still work', async () => {
    const { context, page } = await signedInContext(browser, baseUrl, t.store, t.tenant.userId, {
      javaScriptEnabled: false,
    });
    try {
      await page.goto(base);
      await page.locator('#f-q').fill('Kim Park');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/q=Kim/);
      assert.equal(await page.locator('#invoice-results tbody tr').count(), 1);
      await page.goto(`${base}/new`);
      await page.getByRole('button', { name: 'Add item' }).click();
      await page.locator('#item-1-name').waitFor();
      await page.locator('#item-0-name').fill('Design');
      await page.locator('#item-0-amount').fill('10');
      await page.locator('#item-1-name').fill('More');
      await page.locator('#item-1-amount').fill('5');
      await page.getByRole('button', { name: 'Recalculate' }).click();
      await page.waitForLoadState();
      assert.equal(await page.locator('#total-amount').textContent(), '$15.00');
    } finally {
      await context.close();
    }
  });
});
