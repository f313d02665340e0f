/**
 * The dashboard's estimates screens (issue #13 item 6): create and edit drafts, send in test mode (dev
 * outbox), the customer link; the customer accepts on /e/{token} and the polled status fragment shows
 * it; conversion into an invoice; other locations get 404s, no CSRF 403s; user text is escaped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';

export function estimateForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: 'Kitchen remodel',
    currency: 'USD',
    contact_name: 'Sam Lee',
    contact_email: 'sam@example.com',
    contact_phone: '+14155550123',
    item_name: ['Cabinets', 'Labour'],
    item_description: ['Oak', ''],
    item_amount: ['1200', '45.50'],
    item_qty: ['2', '10'],
    discount_type: 'fixed',
    discount_value: '55',
    expiry_date: '2099-12-31',
    mode: 'test',
    _action: 'save',
    ...overrides,
  };
}

describe('dashboard estimates', () => {
  let t: TestContext;
  let agent: DashboardAgent;
  let other: Tenant;
  let base: string;
  before(async () => {
    t = await setupApp();
    agent = await signIn(t.app, t.store, t.tenant.userId);
    other = await seedTenant(t.store, 'Other');
    base = `/app/l/${t.tenant.locationId}/estimates`;
  });
  after(() => t.close());

  const row = (id: string) =>
    t.store.db.selectFrom('estimates').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const idOf = (location: string | undefined) => {
    const match = /\/estimates\/([^/?]+)\?notice=/.exec(location ?? '');
    assert.ok(match, `no estimate in ${location}`);
    return match[1]!;
  };
  const create = async (overrides: Record<string, string | string[]> = {}) => {
    const res = await agent.post(`${base}/new`, estimateForm(overrides));
    assert.equal(res.status, 303, res.body);
    return idOf(res.location);
  };

  test('the list and the editor render; a new estimate defaults to test mode', async () => {
    assert.match((await agent.get(base)).body, /No estimates yet/);
    const form = await agent.get(`${base}/new`);
    assert.equal(form.status, 200);
    assert.match(form.body, /<option value="test" selected>/);
    assert.match(form.body, /<label for="expiry_date">Valid until<\/label>/);
  });

  test('bad input re-renders the form with the input kept; "Add item" adds a row', async () => {
    const bad = await agent.post(
      `${base}/new`,
      estimateForm({ currency: 'XX', item_qty: ['0', '10'], discount_value: 'lots', expiry_date: 'soon' }),
    );
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Currency must be a three-letter code/);
    assert.match(bad.body, /Item 1: the quantity must be a number above 0/);
    assert.match(bad.body, /The discount must be a number/);
    assert.match(bad.body, /must be a date/);
    assert.match(bad.body, /value="lots"/);
    const more = await agent.post(`${base}/new`, estimateForm({ _action: 'add-item' }));
    assert.equal(more.status, 200);
    assert.equal((more.body.match(/name="item_name"/g) ?? []).length, 3);
    assert.equal((await t.store.db.selectFrom('estimates').selectAll().execute()).length, 0);
  });

  test('create and edit a draft; send in test mode; the customer accepts; the fragment shows it; convert', async () => {
    const id = await create();
    let stored = await row(id);
    assert.equal(stored.status, 'draft');
    assert.equal(stored.live_mode, false);
    assert.equal(stored.total, 1200_00 * 2 + 45_50 * 10 - 55_00);

    const edited = await agent.post(`${base}/${id}/edit`, estimateForm({ name: 'Kitchen, revised' }));
    assert.equal(edited.status, 303, edited.body);
    stored = await row(id);
    assert.equal(stored.name, 'Kitchen, revised');

    const page = await agent.get(`${base}/${id}`);
    assert.equal(page.status, 200);
    const link = `http://127.0.0.1:3000/e/${stored.public_token}`;
    assert.ok(page.body.includes(`<input id="customer-link" value="${link}" readonly`), 'customer link');
    assert.match(page.body, /data-copy="customer-link"/);
    assert.ok(page.body.includes(`hx-get="${base}/${id}/status" hx-trigger="every 3s"`));
    assert.ok(page.body.includes(`<a href="${base}/${id}">Refresh</a>`));
    assert.match(page.body, /<option value="test" selected>Test/);

    const sent = await agent.post(`${base}/${id}/send`, { send_action: 'email', mode: 'test' });
    assert.equal(sent.status, 303, sent.body);
    stored = await row(id);
    assert.equal(stored.status, 'sent');
    const deliveries = await t.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('estimate_id', '=', id)
      .execute();
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0]!.transport, 'outbox');
    assert.equal((await agent.get(`${base}/${id}/edit`)).status, 409);
    const stale = await agent.post(`${base}/${id}/edit`, estimateForm({ name: 'Changed after sending' }));
    assert.equal(stale.status, 409);
    assert.equal((await row(id)).name, 'Kitchen, revised');

    const before = await agent.get(`${base}/${id}/status`);
    assert.match(before.body, /Status: <span class="pill pill-sent">sent/);

    const customer = await t.app.inject({ method: 'GET', url: `/e/${stored.public_token}` });
    assert.equal(customer.statusCode, 200);
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/e/${stored.public_token}/accept`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.equal(accepted.statusCode, 303);

    const fragment = await agent.get(`${base}/${id}/status`);
    assert.equal(fragment.status, 200);
    assert.match(fragment.body, /^<section id="estimate-status"/);
    assert.match(fragment.body, /Status: <span class="pill pill-paid">accepted/);
    assert.match(fragment.body, /Accepted<\/strong> <span class="muted small">[^<]+by the customer/);
    assert.doesNotMatch(fragment.body, /hx-trigger/, 'polling stops once the customer decided');
    assert.match((await agent.get(base)).body, /accepted/);

    const converted = await agent.post(`${base}/${id}/convert`);
    assert.equal(converted.status, 303);
    stored = await row(id);
    assert.equal(stored.status, 'invoiced');
    assert.equal(converted.location, `/app/l/${t.tenant.locationId}/invoices/${stored.invoice_id}`);
    const again = await agent.post(`${base}/${id}/convert`);
    assert.equal(again.status, 400);
    assert.match(again.body, /already converted/);
  });

  test('another location’s user gets 404 on every route and changes nothing; no CSRF is a 403', async () => {
    const id = await create({ name: 'Mine' });
    const stranger = await signIn(t.app, t.store, other.userId);
    const otherBase = `/app/l/${other.locationId}/estimates`;
    const gets = (b: string) => [`${b}/${id}`, `${b}/${id}/status`, `${b}/${id}/edit`];
    const posts = (b: string) => [`${b}/${id}/edit`, `${b}/${id}/send`, `${b}/${id}/convert`];
    for (const url of [base, `${base}/new`, ...gets(base), ...gets(otherBase)])
      assert.equal((await stranger.get(url)).status, 404, url);
    const form = { ...estimateForm({ name: 'Taken' }), send_action: 'email' };
    for (const url of [`${base}/new`, ...posts(base), ...posts(otherBase)])
      assert.equal((await stranger.post(url, form)).status, 404, url);
    for (const url of [`${base}/new`, ...posts(base)])
      assert.equal((await agent.post(url, form, { csrf: false })).status, 403, url);
    const stored = await row(id);
    assert.equal(stored.name, 'Mine');
    assert.equal(stored.status, 'draft');
    const all = await t.store.db.selectFrom('estimates').select('name').execute();
    assert.ok(all.every((e) => e.name !== 'Taken'));
  });

  test('names, items and contact with <script> and quotes are shown escaped', async () => {
    const evil = `<script>alert("x")</script>'"`;
    const id = await create({ name: evil, contact_name: evil, item_name: [evil, 'Labour'] });
    for (const url of [`${base}/${id}`, base, `${base}/${id}/edit`, `${base}/${id}/status`]) {
      const page = await agent.get(url);
      assert.ok(!page.body.includes('<script>alert'), url);
    }
    assert.match((await agent.get(`${base}/${id}`)).body, /&lt;script>alert\(&quot;x&quot;\)&lt;\/script>/);
  });
});
