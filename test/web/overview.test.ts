/**
 * The dashboard's overview (issue #13 item 7) over invoices made through the API: totals per currency,
 * ageing at its boundaries, 12 months of payments, each chart link, test mode vs live, another location.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, lastMonths } from '../../src/domain/ageing.ts';
import { locationNow } from '../../src/store/clocks.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';
import { createInvoice } from '../fixtures/invoices.ts';

describe('dashboard overview', () => {
  let t: TestContext;
  let agent: DashboardAgent;
  let other: Tenant;
  let today: string;
  const base = () => `/app/l/${t.tenant.locationId}`;
  const alt = () => ({ altId: t.tenant.locationId, altType: 'location' });

  async function api(method: 'POST' | 'GET', url: string, payload?: Record<string, unknown>) {
    const res = await t.app.inject({
      method,
      url,
      headers: authHeaders(t.tenant.locationToken),
      ...(payload ? { payload } : {}),
    });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json();
  }

  /** A sent invoice of one item (major units), due on `due`. */
  async function sent(currency: string, amount: number, due: string, liveMode = false) {
    const inv = await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId, {
      currency,
      items: [{ name: 'Work', currency, amount, qty: 1 }],
      issueDate: due < today ? due : today,
      dueDate: due,
      liveMode,
    });
    await api('POST', `/invoices/${inv._id}/send`, {
      ...alt(),
      userId: t.tenant.userId,
      action: 'send_manually',
      liveMode,
    });
    return inv._id as string;
  }

  const pay = (id: string, amount: number, fulfilledAt?: string) =>
    api('POST', `/invoices/${id}/record-payment`, {
      ...alt(),
      mode: 'cash',
      amount,
      ...(fulfilledAt ? { fulfilledAt } : {}),
    });

  before(async () => {
    t = await setupApp();
    agent = await signIn(t.app, t.store, t.tenant.userId);
    other = await seedTenant(t.store, 'Other');
    today = (await locationNow(t.store.db, t.tenant.locationId, false)).toISOString().slice(0, 10);
    // USD, unpaid, one per boundary: due today, 1, 30, 31, 60, 61, 90, 91 days ago.
    const days: [number, number][] = [
      [0, 100],
      [1, 10],
      [30, 20],
      [31, 30],
      [60, 40],
      [61, 50],
      [90, 60],
      [91, 70],
    ];
    const ids: Record<number, string> = {};
    for (const [back, amount] of days) ids[back] = await sent('USD', amount, addDays(today, -back));
    await pay(ids[1]!, 5); // partly paid: still unpaid, 5 less outstanding
    // USD paid in full this month; a draft (never counted).
    await pay(await sent('USD', 500, addDays(today, -3)), 500);
    await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId, { currency: 'USD' });
    // EUR: one unpaid (due in 10 days), one paid this month, one paid 3 months back.
    await sent('EUR', 300, addDays(today, 10));
    await pay(await sent('EUR', 200, addDays(today, -5)), 200);
    const threeBack = lastMonths(today, 4)[0]!;
    await pay(await sent('EUR', 80, addDays(threeBack.from, -1)), 80, `${threeBack.from}T12:00:00.000Z`);
    // A live invoice: not shown while the location is in test mode.
    await sent('USD', 1000, addDays(today, -45), true);
  });
  after(() => t.close());

  test('totals per currency: outstanding, overdue, paid this month (test-mode data, said so)', async () => {
    const page = await agent.get(base());
    assert.equal(page.status, 200, page.body);
    assert.match(page.body, /Test-mode invoices only \(this location is in test mode\)/);
    const usd = page.body.slice(page.body.indexOf('id="cur-usd"'));
    assert.ok(
      page.body.indexOf('id="cur-eur"') < page.body.indexOf('id="cur-usd"'),
      'currencies in code order',
    );
    // USD: 100 + 5 + 20 + 30 + 40 + 50 + 60 + 70 = 375 outstanding, 275 overdue, 500 paid this month.
    assert.match(usd, /Outstanding<\/div><a class="stat" href="[^"]*">\$375\.00<\/a>/);
    assert.match(usd, /Overdue<\/div><a class="stat" href="[^"]*">\$275\.00<\/a>/);
    assert.match(usd, /Paid this month<\/div><a class="stat" href="[^"]*">\$500\.00<\/a>/);
    const eur = page.body.slice(page.body.indexOf('id="cur-eur"'), page.body.indexOf('id="cur-usd"'));
    assert.match(eur, /Outstanding<\/div><a class="stat" href="[^"]*">€300\.00<\/a>/);
    assert.match(eur, /Overdue<\/div><a class="stat" href="[^"]*">€0\.00<\/a>/);
    assert.match(eur, /Paid this month<\/div><a class="stat" href="[^"]*">€200\.00<\/a>/);
    assert.doesNotMatch(page.body, /\$1,/, 'the live invoice is not counted');
    assert.doesNotMatch(page.body, /style=/);
  });

  test('ageing buckets at their boundaries, each bar linking to its invoices', async () => {
    const page = await agent.get(base());
    const usd = page.body.slice(page.body.indexOf('id="cur-usd"'));
    const link = (q: string) => `${base()}/invoices?${q}`.replace(/&/g, '&amp;');
    const expected: [string, string, string][] = [
      ['Current', '1 invoice, $100.00', `unpaid=1&dueFrom=${today}`],
      [
        '1–30 days',
        '2 invoices, $25.00',
        `unpaid=1&dueFrom=${addDays(today, -30)}&dueTo=${addDays(today, -1)}`,
      ],
      [
        '31–60 days',
        '2 invoices, $70.00',
        `unpaid=1&dueFrom=${addDays(today, -60)}&dueTo=${addDays(today, -31)}`,
      ],
      [
        '61–90 days',
        '2 invoices, $110.00',
        `unpaid=1&dueFrom=${addDays(today, -90)}&dueTo=${addDays(today, -61)}`,
      ],
      ['Over 90 days', '1 invoice, $70.00', `unpaid=1&dueTo=${addDays(today, -91)}`],
    ];
    for (const [label, text, query] of expected) {
      assert.ok(
        usd.includes(`<a href="${link(query)}"><g role="img" aria-label="${label}: ${text}">`),
        `${label} bar: ${query}`,
      );
      assert.ok(usd.includes(`<td><a href="${link(query)}">${label}</a></td>`), `${label} row`);
    }
    assert.match(usd, /<svg class="chart" role="group" aria-labelledby="ageing-usd-title ageing-usd-desc"/);
    assert.match(usd, /<title id="ageing-usd-title">Unpaid USD invoices by days past due<\/title>/);
  });

  test('12 months of payments, each month linking to the paid invoices of its days', async () => {
    const page = await agent.get(base());
    const eur = page.body.slice(page.body.indexOf('id="cur-eur"'), page.body.indexOf('id="cur-usd"'));
    const months = lastMonths(today, 12);
    const bars = [...eur.matchAll(/<a href="([^"]*paidFrom[^"]*)"><g role="img" aria-label="([^"]*)">/g)];
    assert.equal(bars.length, 12);
    months.forEach((m, i) => {
      assert.equal(bars[i]![1], `${base()}/invoices?status=paid&amp;paidFrom=${m.from}&amp;paidTo=${m.to}`);
    });
    assert.match(bars[11]![2]!, /: 1 invoice paid, €200\.00$/);
    assert.match(bars[8]![2]!, /: 1 invoice paid, €80\.00$/);
    assert.match(bars[9]![2]!, /: 0 invoices paid, €0\.00$/);
  });

  test('in live mode the overview shows the live invoices', async () => {
    const toLive = await agent.post(`${base()}/settings/payments/test-mode`, { testMode: 'off' });
    assert.equal(toLive.status, 303);
    try {
      const page = await agent.get(base());
      assert.match(page.body, /Live invoices, as of/);
      assert.match(page.body, /Outstanding<\/div><a class="stat" href="[^"]*">\$1,000\.00<\/a>/);
      assert.match(page.body, /31–60 days: 1 invoice, \$1,000\.00/);
      assert.doesNotMatch(page.body, /€/);
    } finally {
      await agent.post(`${base()}/settings/payments/test-mode`, { testMode: 'on' });
    }
  });

  test("another location's user gets a 404 and sees nothing", async () => {
    const stranger = await signIn(t.app, t.store, other.userId);
    const res = await stranger.get(base());
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.body, /\$375/);
  });
});
