/**
 * The dashboard's templates screens (issue #13 item 6): create, edit, delete; the link to a new invoice
 * from a template; other locations get 404s, no CSRF 403s; user text is escaped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';

function templateForm(overrides: Record<string, string | string[]> = {}) {
  return {
    name: 'Standard visit',
    currency: 'EUR',
    item_name: ['Call-out', 'Hour'],
    item_description: ['', 'On site'],
    item_amount: ['40', '65.5'],
    item_qty: ['1', '2'],
    discount_type: 'percentage',
    discount_value: '10',
    _action: 'save',
    ...overrides,
  };
}

describe('dashboard templates', () => {
  let t: TestContext;
  let agent: DashboardAgent;
  let other: Tenant;
  let base: string;
  before(async () => {
    t = await setupApp();
    agent = await signIn(t.app, t.store, t.tenant.userId);
    other = await seedTenant(t.store, 'Other');
    base = `/app/l/${t.tenant.locationId}/templates`;
  });
  after(() => t.close());

  const rows = () => t.store.db.selectFrom('invoice_templates').selectAll().execute();
  const idOf = (location: string | undefined) => {
    const match = /\/templates\/([^/?]+)\/edit\?notice=/.exec(location ?? '');
    assert.ok(match, `no template in ${location}`);
    return match[1]!;
  };

  test('create, list, edit, delete; the list links to a new invoice from the template', async () => {
    assert.match((await agent.get(base)).body, /No templates yet/);
    const form = await agent.get(`${base}/new`);
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.body, /contact_name/, 'a template has no contact');

    const created = await agent.post(`${base}/new`, templateForm());
    assert.equal(created.status, 303, created.body);
    const id = idOf(created.location);
    let [stored] = await rows();
    assert.equal(stored!.id, id);
    assert.equal(stored!.currency, 'EUR');
    assert.equal(stored!.total, Math.round((4000 + 13100) * 0.9));
    assert.deepEqual(
      stored!.fields.items.map((i) => [i.name, i.amount, i.qty]),
      [
        ['Call-out', 40, 1],
        ['Hour', 65.5, 2],
      ],
    );

    const list = await agent.get(base);
    assert.match(list.body, /Standard visit/);
    assert.ok(list.body.includes(`href="/app/l/${t.tenant.locationId}/invoices/new?template=${id}"`));
    const edit = await agent.get(created.location!);
    assert.match(edit.body, /Your changes are saved/);
    assert.match(edit.body, /value="65.5"/);

    const saved = await agent.post(
      `${base}/${id}/edit`,
      templateForm({
        name: 'Visit',
        item_name: ['Call-out', ''],
        item_description: ['', ''],
        item_amount: ['50', ''],
      }),
    );
    assert.equal(saved.status, 303, saved.body);
    [stored] = await rows();
    assert.equal(stored!.name, 'Visit');
    assert.equal(stored!.fields.items.length, 1);
    assert.equal(stored!.total, 4500);

    const bad = await agent.post(`${base}/${id}/edit`, templateForm({ name: '', item_amount: ['-1', ''] }));
    assert.equal(bad.status, 422);
    assert.match(bad.body, /Give it a name/);
    assert.match(bad.body, /price must be an amount/);
    assert.equal((await rows())[0]!.name, 'Visit');

    const deleted = await agent.post(`${base}/${id}/delete`);
    assert.equal(deleted.status, 303);
    assert.equal((await rows()).length, 0);
    assert.equal((await agent.get(`${base}/${id}/edit`)).status, 404);
    assert.equal((await agent.post(`${base}/${id}/delete`)).status, 404);
  });

  test('another location’s user gets 404 on every route and changes nothing; no CSRF is a 403', async () => {
    const id = idOf((await agent.post(`${base}/new`, templateForm({ name: 'Mine' }))).location);
    const stranger = await signIn(t.app, t.store, other.userId);
    const otherBase = `/app/l/${other.locationId}/templates`;
    for (const url of [base, `${base}/new`, `${base}/${id}`, `${base}/${id}/edit`, `${otherBase}/${id}/edit`])
      assert.equal((await stranger.get(url)).status, 404, url);
    const form = templateForm({ name: 'Taken' });
    for (const url of [
      `${base}/new`,
      `${base}/${id}/edit`,
      `${base}/${id}/delete`,
      `${otherBase}/${id}/edit`,
    ])
      assert.equal((await stranger.post(url, form)).status, 404, url);
    assert.equal((await stranger.post(`${otherBase}/${id}/delete`)).status, 404);
    for (const url of [`${base}/new`, `${base}/${id}/edit`, `${base}/${id}/delete`])
      assert.equal((await agent.post(url, form, { csrf: false })).status, 403, url);
    const all = await rows();
    assert.deepEqual(
      all.map((r) => r.name),
      ['Mine'],
    );
  });

  test('names and items with <script> and quotes are shown escaped', async () => {
    const evil = `<script>alert("x")</script>'"`;
    const res = await agent.post(`${base}/new`, templateForm({ name: evil, item_name: [evil, 'Hour'] }));
    assert.equal(res.status, 303, res.body);
    for (const url of [base, res.location!]) {
      const page = await agent.get(url);
      assert.ok(!page.body.includes('<script>alert'), url);
      assert.match(page.body, /&lt;script>alert\(&quot;x&quot;\)&lt;\/script>/);
    }
  });
});
