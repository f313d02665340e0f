/**
 * The overview and settings screens against other tenants and forged requests: every route answers
 * another location's user 404 (GET and POST) and changes nothing, ids of another location's tokens,
 * webhooks and deliveries are 404, a POST without the CSRF token is 403, and user text is escaped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createToken } from '../../src/tenancy/tokens.ts';
import { fanOutEvents } from '../../src/webhooks/fan-out.ts';
import { seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { settingsSnapshot } from '../fixtures/settings.ts';
import { deliveryLog, subscribe } from '../fixtures/webhooks.ts';

interface Objects {
  tokenId: string;
  hookId: string;
  deliveryId: string;
}

const NASTY = `<script>alert("x")</script>'"&`;

describe('overview and settings: tenancy, CSRF, escaping', () => {
  let t: TestContext;
  let other: Tenant;
  let mine: DashboardAgent;
  let theirs: DashboardAgent;
  let a: Objects;
  let b: Objects;

  async function objects(tenant: Tenant): Promise<Objects> {
    const token = await createToken(
      { store: t.store },
      {
        kind: 'location',
        companyId: tenant.companyId,
        locationId: tenant.locationId,
        scopes: ['invoices.readonly'],
        label: 'existing',
      },
    );
    const hook = await subscribe(t, 'http://127.0.0.1:9/hooks', {}, tenant);
    await createInvoice(t.app, tenant.locationToken, tenant.locationId);
    await fanOutEvents(t.app.services.webhooks);
    const [delivery] = await deliveryLog(t, hook.id, tenant);
    return { tokenId: token.id, hookId: hook.id, deliveryId: String(delivery!.deliveryId) };
  }

  const gets = (loc: string, o: Objects) => [
    `/app/l/${loc}`,
    `/app/l/${loc}/settings`,
    `/app/l/${loc}/settings/invoices`,
    `/app/l/${loc}/settings/payments`,
    `/app/l/${loc}/settings/tokens`,
    `/app/l/${loc}/settings/webhooks`,
    `/app/l/${loc}/settings/webhooks/${o.hookId}`,
  ];
  const posts = (loc: string, o: Objects): [string, Record<string, string | string[]>][] => [
    [`/app/l/${loc}/settings/business`, { name: 'Taken over' }],
    [`/app/l/${loc}/settings/invoices/numbering`, { prefix: 'X-', nextNumber: '9000' }],
    [`/app/l/${loc}/settings/payments/test-mode`, { testMode: 'off' }],
    [`/app/l/${loc}/settings/tokens`, { label: 'x', scopes: ['invoices.readonly'], expiry: 'never' }],
    [`/app/l/${loc}/settings/tokens/${o.tokenId}/revoke`, {}],
    [`/app/l/${loc}/settings/webhooks`, { url: 'http://127.0.0.1:9/evil' }],
    [`/app/l/${loc}/settings/webhooks/${o.hookId}/remove`, {}],
    [`/app/l/${loc}/settings/webhooks/deliveries/${o.deliveryId}/replay`, {}],
  ];

  before(async () => {
    t = await setupApp();
    other = await seedTenant(t.store, 'Other');
    mine = await signIn(t.app, t.store, t.tenant.userId);
    theirs = await signIn(t.app, t.store, other.userId);
    a = await objects(t.tenant);
    b = await objects(other);
  });
  after(() => t.close());

  test("another location's user gets 404 on every route, GET and POST, and nothing changes", async () => {
    const before = await settingsSnapshot(t.store);
    for (const url of gets(t.tenant.locationId, a)) {
      const res = await theirs.get(url);
      assert.equal(res.status, 404, url);
      assert.doesNotMatch(res.body, /existing|127\.0\.0\.1:9/, url);
    }
    for (const [url, form] of posts(t.tenant.locationId, a))
      assert.equal((await theirs.post(url, form)).status, 404, url);
    assert.equal(await settingsSnapshot(t.store), before);
  });

  test("another location's tokens, webhooks and deliveries are not found from this one", async () => {
    const before = await settingsSnapshot(t.store);
    const loc = t.tenant.locationId;
    assert.equal((await mine.get(`/app/l/${loc}/settings/webhooks/${b.hookId}`)).status, 404);
    for (const url of [
      `/app/l/${loc}/settings/tokens/${b.tokenId}/revoke`,
      `/app/l/${loc}/settings/webhooks/${b.hookId}/remove`,
      `/app/l/${loc}/settings/webhooks/deliveries/${b.deliveryId}/replay`,
    ]) {
      assert.equal((await mine.post(url)).status, 404, url);
    }
    const tokens = await mine.get(`/app/l/${loc}/settings/tokens`);
    assert.ok(tokens.body.includes(`/tokens/${a.tokenId}/revoke`));
    assert.ok(!tokens.body.includes(b.tokenId), 'only its own tokens');
    assert.equal(await settingsSnapshot(t.store), before);
  });

  test('a POST without the CSRF token, or with a wrong one, is 403 and changes nothing', async () => {
    const before = await settingsSnapshot(t.store);
    for (const [url, form] of posts(t.tenant.locationId, a)) {
      assert.equal((await mine.post(url, form, { csrf: false })).status, 403, url);
      assert.equal((await mine.post(url, form, { csrf: 'wrong' })).status, 403, url);
    }
    assert.equal(await settingsSnapshot(t.store), before);
  });

  test('business name, token label and webhook URL are shown escaped', async () => {
    const loc = t.tenant.locationId;
    assert.equal((await mine.post(`/app/l/${loc}/settings/business`, { name: NASTY })).status, 303);
    const created = await mine.post(`/app/l/${loc}/settings/tokens`, {
      label: NASTY,
      scopes: ['invoices.readonly'],
      expiry: 'never',
    });
    assert.equal(created.status, 200);
    const hookUrl = `http://127.0.0.1:9/h?q=${NASTY}`;
    const added = await mine.post(`/app/l/${loc}/settings/webhooks`, { url: hookUrl });
    assert.equal(added.status, 303, added.body);
    const pages = [
      created.body,
      ...(await Promise.all(
        ['', '/settings', '/settings/invoices', '/settings/tokens', '/settings/webhooks'].map(
          async (p) => (await mine.get(`/app/l/${loc}${p}`)).body,
        ),
      )),
    ];
    for (const body of pages) {
      assert.ok(!body.includes('<script>alert'), body.slice(0, 300));
      assert.doesNotMatch(body, /style=/);
    }
    assert.ok(pages[2]!.includes('value="&lt;script>alert(&quot;x&quot;)&lt;/script>\'&quot;&amp;"'));
    const shown = "&lt;script>alert(&quot;x&quot;)&lt;/script>'&quot;&amp;";
    assert.ok(created.body.includes(`Token “${shown}” created`));
    assert.ok(pages[4]!.includes(`<td data-label="Label">${shown}</td>`));
    assert.ok(pages[5]!.includes(`q=${shown}</a>`));
  });
});
