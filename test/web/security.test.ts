/**
 * Every dashboard route inside a location (read off the route table, so new screens are covered as they
 * are added): a user of another location reaches none of them, no form works without the session's CSRF
 * token, and nobody signed out gets past the sign-in page. Nothing changes in the store on any refusal.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createToken } from '../../src/tenancy/tokens.ts';
import { fanOutEvents } from '../../src/webhooks/fan-out.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, type DashboardRoute, locationRoutes, signIn } from '../fixtures/dashboard.ts';
import { createEstimate } from '../fixtures/estimates.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { sentInvoice } from '../fixtures/pay.ts';
import { activeSchedule } from '../fixtures/schedules.ts';
import { subscribe } from '../fixtures/webhooks.ts';

/** What a refusal must leave alone: every row a dashboard action could write. */
const WATCHED = [
  'invoices',
  'invoice_items',
  'invoice_events',
  'deliveries',
  'payments',
  'refunds',
  'charges',
  'estimates',
  'invoice_templates',
  'invoice_schedules',
  'invoice_schedule_runs',
  'invoice_late_fees',
  'webhook_events',
  'location_clocks',
  'test_payment_methods',
  'user_locations',
  'companies',
  'api_tokens',
  'webhook_subscriptions',
  'webhook_deliveries',
  'locations',
  'users',
  'user_passwords',
];

describe('dashboard access rules on every location route', () => {
  let t: TestContext;
  let other: Tenant;
  let mine: DashboardAgent;
  let stranger: DashboardAgent;
  let routes: DashboardRoute[];
  /** Ids of the first tenant's things, by the kind of path segment they follow. */
  const ids: Record<string, string> = {};

  async function digest(): Promise<string> {
    const parts: string[] = [];
    for (const table of WATCHED) {
      // Stored views are rebuilt on reads; they are a cache, not a change.
      const row = await sql<{ d: string | null }>`
        select md5(string_agg((to_jsonb(x) - 'view_json' - 'view_version' - 'last_seen_at')::text, ',' order by x::text)) as d
        from ${sql.table(table)} x`.execute(t.store.db);
      parts.push(`${table}:${row.rows[0]?.d}`);
    }
    return parts.join('\n');
  }

  /** A concrete URL for a route pattern: the location given, and the first tenant's ids for the rest. */
  function fill(url: string, locationId: string): string {
    const segments = url.split('/');
    return segments
      .map((segment, i) => {
        if (!segment.startsWith(':')) return segment;
        if (segment === ':locationId') return locationId;
        const kind =
          url.includes('/webhooks/') && segment === ':deliveryId'
            ? 'webhookDeliveries'
            : (segments[i - 1] ?? '');
        return encodeURIComponent(ids[kind] ?? ids[segment.slice(1)] ?? ids.invoices!);
      })
      .join('/');
  }

  before(async () => {
    t = await setupApp();
    other = await seedTenant(t.store, 'Other');
    const a = t.tenant;
    const invoice = await createInvoice(t.app, a.locationToken, a.locationId);
    ids.invoices = invoice._id;
    ids.invoiceId = invoice._id;
    ids.estimates = (await createEstimate(t.app, a.locationToken, a.locationId))._id;
    ids.schedules = await activeSchedule(t.app, a.locationToken, a.locationId);
    const template = await t.app.inject({
      method: 'POST',
      url: '/invoices/template',
      headers: authHeaders(a.locationToken),
      payload: {
        altId: a.locationId,
        altType: 'location',
        name: 'T',
        businessDetails: { name: 'Acme' },
        currency: 'USD',
        items: [{ name: 'X', currency: 'USD', amount: 1, qty: 1 }],
        discount: { type: 'percentage', value: 0 },
      },
    });
    assert.equal(template.statusCode, 200, template.body);
    ids.templates = template.json()._id;
    ids.estimateId = ids.estimates!;
    ids.scheduleId = ids.schedules!;
    ids.templateId = ids.templates!;
    // A sent invoice with a payment and an email delivery; a token; a webhook subscription with a delivery.
    const sent = await sentInvoice(t);
    ids.invoices = sent.id;
    const paid = await t.app.inject({
      method: 'POST',
      url: `/invoices/${sent.id}/record-payment`,
      headers: authHeaders(a.locationToken),
      payload: { altId: a.locationId, altType: 'location', mode: 'cash', amount: 1 },
    });
    assert.equal(paid.statusCode, 200, paid.body);
    const row = (table: 'payments' | 'deliveries', invoiceId: string) =>
      t.store.db.selectFrom(table).select('id').where('invoice_id', '=', invoiceId).executeTakeFirstOrThrow();
    ids.payments = (await row('payments', sent.id)).id;
    const emailed = await t.app.inject({
      method: 'POST',
      url: `/invoices/${invoice._id}/send`,
      headers: authHeaders(a.locationToken),
      payload: {
        altId: a.locationId,
        altType: 'location',
        userId: a.userId,
        action: 'email',
        liveMode: false,
      },
    });
    assert.equal(emailed.statusCode, 200, emailed.body);
    ids.deliveries = (await row('deliveries', invoice._id)).id;
    ids.tokens = (
      await createToken(
        { store: t.store },
        { kind: 'location', companyId: a.companyId, locationId: a.locationId },
      )
    ).id;
    const subscription = await subscribe(t, 'http://127.0.0.1:9/hook');
    ids.webhooks = subscription.id;
    await fanOutEvents(t.app.services.webhooks);
    const [delivery] = await t.store.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('subscription_id', '=', subscription.id)
      .execute();
    assert.ok(delivery, 'the subscription has a delivery');
    ids.webhookDeliveries = delivery.id;
    mine = await signIn(t.app, t.store, a.userId);
    stranger = await signIn(t.app, t.store, other.userId);
    routes = locationRoutes(t.app);
  });
  after(() => t.close());

  test('the route table lists the location routes', () => {
    assert.ok(
      routes.some((r) => r.method === 'GET' && r.url === '/app/l/:locationId'),
      JSON.stringify(routes),
    );
  });

  test('a user of another location gets 404 on every route of this location, and nothing changes', async () => {
    const before = await digest();
    for (const route of routes) {
      const url = fill(route.url, t.tenant.locationId);
      const res = route.method === 'GET' ? await stranger.get(url) : await stranger.post(url, { name: 'x' });
      assert.equal(res.status, 404, `${route.method} ${url}: ${res.status} ${res.body.slice(0, 200)}`);
      assert.ok(!res.body.includes(ids.invoices!), `${route.method} ${url} shows another tenant's id`);
    }
    assert.equal(await digest(), before);
  });

  test("in their own location, a user never reaches another location's things by their ids", async () => {
    const before = await digest();
    for (const route of routes.filter((r) =>
      r.url.split('/').some((s) => s.startsWith(':') && s !== ':locationId'),
    )) {
      const url = fill(route.url, other.locationId);
      const res = route.method === 'GET' ? await stranger.get(url) : await stranger.post(url, { name: 'x' });
      assert.ok(res.status === 404, `${route.method} ${url}: ${res.status} ${res.body.slice(0, 200)}`);
    }
    assert.equal(await digest(), before);
  });

  test('no form is taken without the session’s CSRF token', async () => {
    const before = await digest();
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const url = fill(route.url, t.tenant.locationId);
      const res = await mine.post(url, { name: 'x' }, { csrf: false });
      assert.equal(res.status, 403, `${route.method} ${url}: ${res.status}`);
      const forged = await mine.post(url, { name: 'x' }, { csrf: stranger.csrf });
      assert.equal(
        forged.status,
        403,
        `${route.method} ${url} with another session's token: ${forged.status}`,
      );
    }
    assert.equal(await digest(), before);
  });

  test('signed out, every page leads to the sign-in page and no form does anything', async () => {
    const before = await digest();
    for (const route of routes) {
      const url = fill(route.url, t.tenant.locationId);
      const res = await t.app.inject({
        method: route.method as 'GET',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: route.method === 'GET' ? undefined : 'name=x',
      });
      assert.equal(res.statusCode, 303, `${route.method} ${url}`);
      assert.match(String(res.headers.location), /^\/app\/login/);
    }
    assert.equal(await digest(), before);
  });
});
