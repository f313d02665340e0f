/**
 * Webhooks end to end on a loopback receiver: every invoice event of a location reaches its subscriber
 * in order, signed so that the official SDK's WebhookManager verifies it unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebhookManager } from '@gohighlevel/api-client/dist/lib/webhook/webhook-manager.js';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { startWebhookReceiver } from '../fixtures/webhook-receiver.ts';
import { startTestWebhookWorkers, subscribe } from '../fixtures/webhooks.ts';

let ctx: TestContext;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let workers: ReturnType<typeof startTestWebhookWorkers>;
const APP_ID = '6650a1b2c3d4e5f6a7b8c9d0';

before(async () => {
  ctx = await setupApp();
  receiver = await startWebhookReceiver();
  workers = startTestWebhookWorkers(ctx);
});
after(async () => {
  await workers.stop();
  await receiver.close();
  await ctx.close();
});

const headers = () => authHeaders(ctx.tenant.locationToken);
const alt = () => ({ altId: ctx.tenant.locationId, altType: 'location' });

async function call(method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const res = await ctx.app.inject({ method, url, headers: headers(), ...(payload ? { payload } : {}) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The SDK's middleware on a received delivery, as an Express app would run it. */
async function verifyWithSdk(raw: Buffer, reqHeaders: Record<string, unknown>, publicKey: string) {
  const manager = new WebhookManager(silentLogger as never, {} as never, {} as never, {
    publicKey,
    clientId: `${APP_ID}-m1abc2de`,
  });
  const req: Record<string, unknown> = { method: 'POST', url: '/hooks', headers: reqHeaders, body: raw };
  await new Promise<void>((resolve, reject) => {
    manager.subscribe()(req as never, {} as never, (err?: unknown) => (err ? reject(err) : resolve()));
  });
  return req.isSignatureValid;
}

describe('webhook delivery', () => {
  test('every event of an invoice arrives in order, with the documented fields, signed', async () => {
    const subscription = await subscribe(ctx, receiver.url, { appId: APP_ID });
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    await call('PUT', `/invoices/${inv._id}`, {
      ...alt(),
      name: 'Renamed',
      currency: 'USD',
      issueDate: '2026-11-01',
      dueDate: '2026-11-20',
      invoiceItems: [{ name: 'Design', currency: 'USD', amount: 100, qty: 1 }],
    });
    await call('POST', `/invoices/${inv._id}/send`, {
      ...alt(),
      userId: ctx.tenant.userId,
      action: 'send_manually',
      liveMode: false,
    });
    await call('POST', `/invoices/${inv._id}/record-payment`, { ...alt(), mode: 'cash', amount: 40 });
    await call('POST', `/invoices/${inv._id}/record-payment`, { ...alt(), mode: 'cash', amount: 60 });
    const other = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    await call('POST', `/invoices/${other._id}/send`, {
      ...alt(),
      userId: ctx.tenant.userId,
      action: 'send_manually',
      liveMode: false,
    });
    await call('POST', `/invoices/${other._id}/void`, alt());
    const draft = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    await call('DELETE', `/invoices/${draft._id}?altId=${ctx.tenant.locationId}&altType=location`);

    await waitFor('10 deliveries', async () => receiver.received.length >= 10);
    const seen = receiver.received.map((r) => [r.body.type, r.body._id]);
    assert.deepEqual(seen, [
      ['InvoiceCreate', inv._id],
      ['InvoiceUpdate', inv._id],
      ['InvoiceSent', inv._id],
      ['InvoicePartiallyPaid', inv._id],
      ['InvoicePaid', inv._id],
      ['InvoiceCreate', other._id],
      ['InvoiceSent', other._id],
      ['InvoiceVoid', other._id],
      ['InvoiceCreate', draft._id],
      ['InvoiceDelete', draft._id],
    ]);
    const paid = receiver.received[4]!.body;
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amountPaid, 100);
    assert.equal(paid.locationId, ctx.tenant.locationId);
    assert.equal(paid.companyId, ctx.tenant.companyId);
    assert.equal(paid.appId, APP_ID);
    assert.equal(typeof paid.invoiceNumber, 'string');
    assert.match(String(paid.timestamp), /^\d{4}-\d\d-\d\dT/);
    const ids = receiver.received.map((r) => r.body.webhookId);
    assert.equal(new Set(ids).size, ids.length, 'a webhookId per delivery');
    assert.equal(receiver.received[9]!.body.status, 'draft');
    assert.equal(subscription.appId, APP_ID);
  });

  test("the official SDK's WebhookManager verifies a delivery; a tampered body fails", async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/webhooks/public-key' });
    assert.equal(res.statusCode, 200);
    const key = res.json();
    assert.equal(key.algorithm, 'ed25519');
    assert.match(key.publicKey, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(Buffer.from(key.publicKeyBase64, 'base64').length, 32);
    const delivery = receiver.received[0]!;
    assert.match(String(delivery.headers['x-ghl-signature']), /^[A-Za-z0-9+/]+=*$/);
    assert.equal(await verifyWithSdk(delivery.raw, delivery.headers, key.publicKey), true);
    assert.equal(await verifyWithSdk(delivery.raw, delivery.headers, key.publicKeyBase64), true);
    const tampered = Buffer.from(delivery.raw.toString('utf8').replace('"InvoiceCreate"', '"InvoicePaid"'));
    assert.notDeepEqual(tampered, delivery.raw);
    assert.equal(await verifyWithSdk(tampered, delivery.headers, key.publicKey), false);
  });

  test('a subscription receives only the events it names', async () => {
    const only = await startWebhookReceiver();
    try {
      await subscribe(ctx, only.url, { events: ['InvoiceVoid'] });
      const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
      await call('POST', `/invoices/${inv._id}/void`, alt());
      await waitFor('the void', async () => only.received.length >= 1);
      // The create before it went to the first subscriber: by then the fan-out has passed the void too.
      await waitFor('the first subscriber', async () =>
        receiver.received.some((r) => r.body.type === 'InvoiceVoid' && r.body._id === inv._id),
      );
      assert.deepEqual(
        only.received.map((r) => r.body.type),
        ['InvoiceVoid'],
      );
      assert.equal(only.received[0]!.body.appId, undefined);
    } finally {
      await only.close();
    }
  });

  test('two sets of workers at once keep each subscription in event order', async () => {
    const second = startTestWebhookWorkers(ctx);
    const a = await startWebhookReceiver((n) => ({ delayMs: n % 3 === 0 ? 15 : 0 }));
    const b = await startWebhookReceiver((n) => ({ status: n % 4 === 1 ? 503 : 200 }));
    try {
      await subscribe(ctx, a.url, { events: ['InvoiceCreate'] });
      await subscribe(ctx, b.url, { events: ['InvoiceCreate'] });
      const ids: string[] = [];
      for (let i = 0; i < 12; i++)
        ids.push((await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId))._id);
      const firstSeen = (r: typeof a) => [
        ...new Map(r.received.map((x) => [x.body.webhookId, x.body._id])).values(),
      ];
      await waitFor('both receivers', async () => firstSeen(a).length >= 12 && firstSeen(b).length >= 12);
      assert.deepEqual(firstSeen(a), ids);
      assert.deepEqual(firstSeen(b), ids);
      assert.ok(b.received.length > 12, 'the 503s were retried');
    } finally {
      await second.stop();
      await a.close();
      await b.close();
    }
  });
});
