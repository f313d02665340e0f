/**
 * The dashboard's settings (issue #13 item 8): each form saves and the service acts on it, seen through
 * the API: business details and numbering (GET /invoices/settings, a new invoice), test mode, tokens
 * (shown once, work, revoked -> 401), webhooks (add, delivery log, replay, remove).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stripeState } from '../../src/web/settings/payments.tsx';
import { fanOutEvents } from '../../src/webhooks/fan-out.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { type DashboardAgent, signIn } from '../fixtures/dashboard.ts';
import { createInvoice, publicTokenOf } from '../fixtures/invoices.ts';
import { settingsSnapshot } from '../fixtures/settings.ts';
import { deliveryLog } from '../fixtures/webhooks.ts';

describe('dashboard settings', () => {
  let t: TestContext;
  let agent: DashboardAgent;
  const base = () => `/app/l/${t.tenant.locationId}/settings`;
  const apiGet = (url: string, token = t.tenant.locationToken) =>
    t.app.inject({ method: 'GET', url, headers: authHeaders(token) });
  const invoiceSettings = async () => {
    const res = await apiGet(`/invoices/settings?altId=${t.tenant.locationId}&altType=location`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  before(async () => {
    t = await setupApp();
    agent = await signIn(t.app, t.store, t.tenant.userId);
  });
  after(() => t.close());

  test('business details save; the API and new invoices use them', async () => {
    const page = await agent.get(base());
    assert.equal(page.status, 200);
    assert.match(page.body, /<label for="f-name">Business name<\/label>/);
    const saved = await agent.post(`${base()}/business`, {
      name: 'Acme Studio Ltd',
      email: 'hello@acme.test',
      phone: '+14155550100',
      website: 'https://acme.test',
      logoUrl: 'https://cdn.acme.test/logo.png',
      'address.addressLine1': '1 Main St',
      'address.city': 'Austin',
      'address.countryCode': 'US',
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `${base()}?notice=saved`);
    const again = await agent.get(saved.location!);
    assert.match(again.body, /Settings saved\./);
    assert.match(again.body, /value="Acme Studio Ltd"/);

    const s = await invoiceSettings();
    assert.deepEqual(s.businessDetails, {
      name: 'Acme Studio Ltd',
      logoUrl: 'https://cdn.acme.test/logo.png',
      phoneNo: '+14155550100',
      website: 'https://acme.test',
      address: { addressLine1: '1 Main St', city: 'Austin', countryCode: 'US' },
    });
    assert.deepEqual(s.senderConfiguration, { fromName: 'Acme Studio Ltd', fromEmail: 'hello@acme.test' });
    // A new invoice naming no logo shows the location's on its customer page.
    const inv = await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId);
    const hosted = await t.app.inject({ method: 'GET', url: `/i/${await publicTokenOf(t.store, inv._id)}` });
    assert.match(hosted.body, /<img class="logo" src="https:\/\/cdn\.acme\.test\/logo\.png"/);

    // Refusals change nothing.
    const before = await settingsSnapshot(t.store);
    const badDetails: Record<string, string | string[]>[] = [
      { name: '' },
      { name: 'X', email: 'not an email' },
      { name: 'X', website: 'javascript:alert(1)' },
      { name: 'X', logoUrl: 'ftp://x.test/logo.png' },
      { name: ['X', 'Y'] },
    ];
    for (const bad of badDetails) {
      const res = await agent.post(`${base()}/business`, bad);
      assert.equal(res.status, 422, JSON.stringify(bad));
    }
    assert.equal(await settingsSnapshot(t.store), before);
  });

  test('numbering: the prefix and next number new invoices get', async () => {
    await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId, { invoiceNumber: '41' });
    const page = await agent.get(`${base()}/invoices`);
    assert.match(page.body, /Must be above 41, the highest number in use\./);
    const before = await settingsSnapshot(t.store);
    for (const nextNumber of ['41', '0', 'abc', '1.5', '']) {
      const res = await agent.post(`${base()}/invoices/numbering`, { prefix: 'ACME-', nextNumber });
      assert.equal(res.status, 422, nextNumber);
    }
    const long = await agent.post(`${base()}/invoices/numbering`, {
      prefix: 'X'.repeat(21),
      nextNumber: '100',
    });
    assert.equal(long.status, 422);
    assert.equal(await settingsSnapshot(t.store), before);

    const saved = await agent.post(`${base()}/invoices/numbering`, { prefix: 'ACME-', nextNumber: '500' });
    assert.equal(saved.status, 303);
    assert.match((await agent.get(saved.location!)).body, /numbered <strong>ACME-500<\/strong>/);
    assert.equal((await invoiceSettings()).invoiceNumberPrefix, 'ACME-');
    const next = await apiGet(
      `/invoices/generate-invoice-number?altId=${t.tenant.locationId}&altType=location`,
    );
    assert.equal(next.json().invoiceNumber, 500);
    const inv = await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId);
    assert.equal(inv.invoiceNumber, 500);
    assert.equal(inv.invoiceNumberPrefix, 'ACME-');
    // A prefix in the request still wins.
    const own = await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId, {
      invoiceNumberPrefix: 'OWN-',
    });
    assert.equal(own.invoiceNumberPrefix, 'OWN-');
    assert.equal(own.invoiceNumber, 501);
  });

  test('test mode switches off and on; the banner follows', async () => {
    const page = await agent.get(`${base()}/payments`);
    assert.match(page.body, /Switch to live mode/);
    assert.match(page.body, /Not configured/);
    const off = await agent.post(`${base()}/payments/test-mode`, { testMode: 'off' });
    assert.equal(off.location, `${base()}/payments?notice=test-off`);
    const live = await agent.get(off.location!);
    assert.doesNotMatch(live.body, /class="banner-test"/);
    assert.match(live.body, /Live mode is on/);
    const row = () =>
      t.store.db
        .selectFrom('locations')
        .select('test_mode')
        .where('id', '=', t.tenant.locationId)
        .executeTakeFirstOrThrow();
    assert.equal((await row()).test_mode, false);
    assert.equal((await agent.post(`${base()}/payments/test-mode`, { testMode: 'maybe' })).status, 422);
    await agent.post(`${base()}/payments/test-mode`, { testMode: 'on' });
    assert.equal((await row()).test_mode, true);
    assert.match((await agent.get(base())).body, /class="banner-test"/);
  });

  test('the Stripe state: not configured, the platform account, or a connected account', () => {
    assert.deepEqual(stripeState(false, 'acct_123'), { kind: 'not-configured' });
    assert.deepEqual(stripeState(true, null), { kind: 'platform' });
    assert.deepEqual(stripeState(true, 'acct_123456'), { kind: 'connected', accountId: 'acct_123456' });
  });

  test('a token is shown once, works against the API with its scopes, and once revoked is refused', async () => {
    const created = await agent.post(`${base()}/tokens`, {
      label: 'Zapier',
      scopes: ['invoices.readonly'],
      expiry: '30',
    });
    assert.equal(created.status, 200, created.body);
    const secret = /id="token-secret" class="secret" readonly value="([^"]+)"/i.exec(created.body)?.[1];
    assert.ok(secret, created.body);
    assert.match(created.body, /shown this once and never again/);
    const list = await agent.get(`${base()}/tokens`);
    assert.ok(!list.body.includes(secret), 'the list never shows the secret');
    assert.match(list.body, /<td data-label="Label">Zapier<\/td>/);
    assert.match(list.body, /<td data-label="Scopes" class="small">invoices\.readonly<\/td>/);

    const settingsUrl = `/invoices/settings?altId=${t.tenant.locationId}&altType=location`;
    assert.equal((await apiGet(settingsUrl, secret)).statusCode, 200);
    const write = await t.app.inject({
      method: 'POST',
      url: '/invoices/',
      headers: authHeaders(secret),
      payload: {},
    });
    assert.equal(write.statusCode, 401, 'invoices.write is not among its scopes');

    const row = await t.store.db
      .selectFrom('api_tokens')
      .select(['id', 'expires_at', 'kind', 'location_id'])
      .where('label', '=', 'Zapier')
      .executeTakeFirstOrThrow();
    assert.equal(row.kind, 'location');
    assert.equal(row.location_id, t.tenant.locationId);
    assert.ok(row.expires_at && row.expires_at.getTime() > Date.now() + 29 * 86400_000);
    const revoked = await agent.post(`${base()}/tokens/${row.id}/revoke`);
    assert.equal(revoked.location, `${base()}/tokens?notice=revoked`);
    assert.equal((await apiGet(settingsUrl, secret)).statusCode, 401);
    assert.match((await agent.get(revoked.location!)).body, /Revoked /);
    assert.equal((await agent.post(`${base()}/tokens/${row.id}/revoke`)).status, 404);

    const before = await settingsSnapshot(t.store);
    const badTokens: Record<string, string | string[]>[] = [
      { label: 'x', scopes: ['locations.write'], expiry: 'never' },
      { label: 'x', scopes: ['nope'], expiry: 'never' },
      { label: 'x', expiry: 'never' },
      { label: '', scopes: ['invoices.readonly'], expiry: 'never' },
      { label: 'x', scopes: ['invoices.readonly'], expiry: '7' },
    ];
    for (const bad of badTokens) {
      assert.equal((await agent.post(`${base()}/tokens`, bad)).status, 422, JSON.stringify(bad));
    }
    assert.equal(await settingsSnapshot(t.store), before);
  });

  test('webhooks: add, the delivery log, replay, remove', async () => {
    const url = 'http://127.0.0.1:9/hooks';
    await fanOutEvents(t.app.services.webhooks); // the earlier tests' events go nowhere
    const added = await agent.post(`${base()}/webhooks`, { url, events: ['InvoiceCreate', 'InvoicePaid'] });
    assert.equal(added.status, 303, added.body);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/webhooks/?altId=${t.tenant.locationId}&altType=location`,
      headers: authHeaders(t.tenant.locationToken),
    });
    const [hook] = listed.json().webhooks;
    assert.equal(hook.url, url);
    assert.deepEqual(hook.events, ['InvoiceCreate', 'InvoicePaid']);
    assert.equal((await agent.post(`${base()}/webhooks`, { url, events: 'Nope' })).status, 422);
    assert.equal((await agent.post(`${base()}/webhooks`, { url: 'ftp://x.test/' })).status, 422);

    await createInvoice(t.app, t.tenant.locationToken, t.tenant.locationId);
    await fanOutEvents(t.app.services.webhooks);
    const log = await agent.get(`${base()}/webhooks/${hook.id}`);
    assert.equal(log.status, 200);
    assert.match(log.body, /<td data-label="Event">InvoiceCreate/);
    const deliveries = await deliveryLog(t, hook.id);
    assert.equal(deliveries.length, 1);
    const replay = await agent.post(`${base()}/webhooks/deliveries/${deliveries[0]!.deliveryId}/replay`);
    assert.equal(replay.location, `${base()}/webhooks/${hook.id}?notice=replayed`);
    const after = await deliveryLog(t, hook.id);
    assert.equal(after.length, 2);
    assert.notEqual(after[0]!.webhookId, after[1]!.webhookId);
    assert.match((await agent.get(replay.location!)).body, /Delivery queued again/);

    const removed = await agent.post(`${base()}/webhooks/${hook.id}/remove`);
    assert.equal(removed.location, `${base()}/webhooks?notice=webhook-removed`);
    const gone = await t.app.inject({
      method: 'GET',
      url: `/webhooks/?altId=${t.tenant.locationId}&altType=location`,
      headers: authHeaders(t.tenant.locationToken),
    });
    assert.deepEqual(gone.json().webhooks, []);
    assert.equal((await agent.get(`${base()}/webhooks/${hook.id}`)).status, 404);
  });
});
