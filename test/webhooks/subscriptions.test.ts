/**
 * Webhook subscriptions over HTTP (our addition): create, list, delete, the delivery log; scopes,
 * another location's token (403 on its altId, 404 on its subscription), unknown events (422).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createToken } from '../../src/tenancy/tokens.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { subscribe } from '../fixtures/webhooks.ts';

let ctx: TestContext;
let other: Tenant;
const URL_A = 'http://127.0.0.1:9/a';

before(async () => {
  ctx = await setupApp();
  other = await seedTenant(ctx.store, 'Other');
});
after(async () => {
  await ctx.close();
});

const loc = () => ctx.tenant.locationId;
const q = (locationId = loc()) => `altId=${locationId}&altType=location`;

function req(method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) {
  return ctx.app.inject({ method, url, headers: authHeaders(token), ...(payload ? { payload } : {}) });
}

describe('webhook subscriptions', () => {
  test('create, list and delete; the answer has the documented shape', async () => {
    const created = await subscribe(ctx, URL_A, { events: ['InvoiceSent', 'InvoicePaid'], appId: 'app-1' });
    assert.deepEqual(Object.keys(created).sort(), [
      'altId',
      'altType',
      'appId',
      'createdAt',
      'events',
      'id',
      'url',
    ]);
    assert.deepEqual(created.events, ['InvoiceSent', 'InvoicePaid']);
    const all = await subscribe(ctx, 'http://127.0.0.1:9/b', {}, ctx.tenant);
    assert.deepEqual(all.events, []);
    assert.equal(all.appId, null);

    const listed = await req('GET', `/webhooks/?${q()}`, ctx.tenant.locationToken);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(
      listed.json().webhooks.map((w: { id: string }) => w.id),
      [created.id, all.id],
    );
    const removed = await req('DELETE', `/webhooks/${created.id}?${q()}`, ctx.tenant.locationToken);
    assert.equal(removed.statusCode, 200);
    assert.deepEqual(removed.json(), { succeeded: true });
    const again = await req('DELETE', `/webhooks/${created.id}?${q()}`, ctx.tenant.locationToken);
    assert.equal(again.statusCode, 404);
    assert.deepEqual(again.json(), {
      statusCode: 404,
      message: 'Webhook subscription not found',
      error: 'Not Found',
    });
    const after = await req('GET', `/webhooks/?${q()}`, ctx.tenant.agencyToken);
    assert.deepEqual(
      after.json().webhooks.map((w: { id: string }) => w.id),
      [all.id],
    );
  });

  test('unknown event names and bad URLs are 422s that name them, and create nothing', async () => {
    const before = await req('GET', `/webhooks/?${q()}`, ctx.tenant.locationToken);
    const bad = await req('POST', '/webhooks/', ctx.tenant.locationToken, {
      altId: loc(),
      altType: 'location',
      url: URL_A,
      events: ['InvoiceSent', 'InvoiceExploded'],
    });
    assert.equal(bad.statusCode, 422);
    assert.match(
      bad.json().message[0],
      /unknown webhook event InvoiceExploded: events must be among InvoiceCreate/,
    );
    for (const url of ['ftp://example.com/x', 'not a url', 'file:///etc/passwd']) {
      const res = await req('POST', '/webhooks/', ctx.tenant.locationToken, {
        altId: loc(),
        altType: 'location',
        url,
      });
      assert.equal(res.statusCode, 422, url);
      assert.ok(res.json().message[0].startsWith(url), res.body);
    }
    const extra = await req('POST', '/webhooks/', ctx.tenant.locationToken, {
      altId: loc(),
      altType: 'location',
      url: URL_A,
      secret: 'x',
    });
    assert.equal(extra.statusCode, 422);
    const after = await req('GET', `/webhooks/?${q()}`, ctx.tenant.locationToken);
    assert.deepEqual(after.json(), before.json());
  });

  test("another location's token: 403 on its altId, 404 on its subscriptions and deliveries", async () => {
    const mine = await subscribe(ctx, URL_A);
    const token = other.locationToken;
    const forbidden = [
      await req('GET', `/webhooks/?${q()}`, token),
      await req('POST', '/webhooks/', token, { altId: loc(), altType: 'location', url: URL_A }),
      await req('DELETE', `/webhooks/${mine.id}?${q()}`, token),
      await req('GET', `/webhooks/${mine.id}/deliveries?${q()}`, token),
      await req('GET', `/webhooks/?${q()}`, other.agencyToken),
    ];
    for (const res of forbidden) {
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().message, 'The token does not have access to this location.');
    }
    const notFound = [
      await req('DELETE', `/webhooks/${mine.id}?${q(other.locationId)}`, token),
      await req('GET', `/webhooks/${mine.id}/deliveries?${q(other.locationId)}`, token),
    ];
    for (const res of notFound) assert.equal(res.statusCode, 404, res.body);
    const listed = await req('GET', `/webhooks/?${q(other.locationId)}`, token);
    assert.deepEqual(listed.json(), { webhooks: [] });
    const stillThere = await req('GET', `/webhooks/?${q()}`, ctx.tenant.locationToken);
    assert.ok(stillThere.json().webhooks.some((w: { id: string }) => w.id === mine.id));
  });

  test('reads need invoices.readonly, changes invoices.write; no token is a 401', async () => {
    const { token } = await createToken(
      { store: ctx.store },
      { kind: 'location', companyId: ctx.tenant.companyId, locationId: loc(), scopes: ['invoices.readonly'] },
    );
    assert.equal((await req('GET', `/webhooks/?${q()}`, token)).statusCode, 200);
    const write = await req('POST', '/webhooks/', token, { altId: loc(), altType: 'location', url: URL_A });
    assert.equal(write.statusCode, 401);
    assert.equal(write.json().message, 'The token is not authorized for this scope.');
    const anonymous = await ctx.app.inject({
      method: 'GET',
      url: `/webhooks/?${q()}`,
      headers: { version: '2021-07-28' },
    });
    assert.equal(anonymous.statusCode, 401);
    const key = await ctx.app.inject({ method: 'GET', url: '/webhooks/public-key' });
    assert.equal(key.statusCode, 200);
  });
});
