/**
 * Retries: timeouts, connection errors, 429 and 5xx are tried again with the same webhookId and body,
 * with growing waits, until the window is used up; other answers are final. A subscription's later event
 * waits for the earlier one. Waits are the test configuration's (a 50 ms base), never real backoff.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt } from '../../src/domain/webhook-retry.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { type Script, startWebhookReceiver } from '../fixtures/webhook-receiver.ts';
import { deliveryLog, startTestWebhookWorkers, subscribe } from '../fixtures/webhooks.ts';

let ctx: TestContext;
let workers: ReturnType<typeof startTestWebhookWorkers>;
const receivers: Array<{ close(): Promise<void> }> = [];

before(async () => {
  ctx = await setupApp();
  workers = startTestWebhookWorkers(ctx, {
    timeoutSeconds: 1,
    retryBaseSeconds: 0.05,
    retryWindowSeconds: 2,
  });
});
after(async () => {
  await workers.stop();
  for (const r of receivers) await r.close();
  await ctx.close();
});

let tenants = 0;
/** A location of its own per test, with a receiver subscribed to it. */
async function scenario(script: Script, url?: (receiverUrl: string) => string) {
  const tenant: Tenant = await seedTenant(ctx.store, `Retry${++tenants}`);
  const receiver = await startWebhookReceiver(script);
  receivers.push(receiver);
  const subscription = await subscribe(ctx, url ? url(receiver.url) : receiver.url, {}, tenant);
  const invoice = () => createInvoice(ctx.app, tenant.locationToken, tenant.locationId);
  const log = () => deliveryLog(ctx, subscription.id, tenant);
  return { tenant, receiver, subscription, invoice, log };
}

const finalStatus = async (log: () => Promise<Array<Record<string, unknown>>>, status: string) =>
  waitFor(`a ${status} delivery`, async () => {
    const entries = await log();
    return entries.find((e) => e.status === status) && entries;
  });

describe('webhook retries', () => {
  test('5xx twice, then delivered: same webhookId and bytes each time; the next event waits', async () => {
    const s = await scenario((n) => ({ status: n < 2 ? 503 : 200 }));
    const first = await s.invoice();
    const second = await s.invoice();
    await waitFor('4 requests', async () => s.receiver.received.length >= 4);
    const got = s.receiver.received;
    assert.deepEqual(
      got.map((r) => r.body._id),
      [first._id, first._id, first._id, second._id],
    );
    assert.equal(new Set(got.slice(0, 3).map((r) => r.body.webhookId)).size, 1);
    assert.deepEqual(got[1]!.raw, got[0]!.raw);
    assert.equal(got[2]!.headers['x-ghl-signature'], got[0]!.headers['x-ghl-signature']);
    const entries = await finalStatus(s.log, 'delivered');
    const ofFirst = entries.filter((e) => e.webhookId === got[0]!.body.webhookId);
    assert.deepEqual(
      ofFirst.map((e) => [e.attempt, e.status, e.responseCode]),
      [
        [3, 'delivered', 200],
        [2, 'retrying', 503],
        [1, 'retrying', 503],
      ],
    );
    assert.equal(typeof ofFirst[0]!.latencyMs, 'number');
    assert.equal(ofFirst[0]!.event, 'InvoiceCreate');
  });

  test('429 and a timeout are retried; a 400 is final and the next event goes on', async () => {
    const s = await scenario((n) => [{ status: 429 }, { delayMs: 1500 }, {}, { status: 400 }, {}][n] ?? {});
    await s.invoice();
    await waitFor('3 requests', async () => s.receiver.received.length >= 3);
    let entries = await finalStatus(s.log, 'delivered');
    assert.deepEqual(
      entries.map((e) => [e.attempt, e.status, e.responseCode]),
      [
        [3, 'delivered', 200],
        [2, 'retrying', null],
        [1, 'retrying', 429],
      ],
    );
    assert.match(String(entries[1]!.error), /no answer within 1000 ms/);
    await s.invoice();
    await s.invoice();
    await waitFor('5 requests', async () => s.receiver.received.length >= 5);
    entries = await finalStatus(s.log, 'failed');
    const failed = entries.find((e) => e.status === 'failed')!;
    assert.equal(failed.responseCode, 400);
    assert.equal(failed.attempt, 1);
    await waitFor(
      'the third delivered',
      async () => (await s.log()).filter((e) => e.status === 'delivered').length === 2,
    );
    assert.equal(s.receiver.received.length, 5);
  });

  test('a target that refuses connections is retried until the window is used up, then failed', async () => {
    const s = await scenario(
      () => ({}),
      () => 'http://127.0.0.1:1/closed',
    );
    await s.invoice();
    const entries = await finalStatus(s.log, 'failed');
    assert.ok(entries.length >= 3, `${entries.length} attempts`);
    assert.match(String(entries[0]!.error), /ECONNREFUSED.*retries used up/);
    assert.ok(entries.slice(1).every((e) => e.status === 'retrying'));
  });

  test('a redirect is not followed and is final', async () => {
    const target = await startWebhookReceiver();
    receivers.push(target);
    const s = await scenario(() => ({ status: 302, headers: { location: target.url } }));
    await s.invoice();
    const entries = await finalStatus(s.log, 'failed');
    assert.equal(entries.length, 1);
    assert.match(String(entries[0]!.error), /redirects are not followed/);
    assert.equal(target.received.length, 0);
  });

  test('replay sends the event again as a new delivery with a new webhookId', async () => {
    const s = await scenario((n) => ({ status: n === 0 ? 410 : 200 }));
    await s.invoice();
    const [failed] = await finalStatus(s.log, 'failed');
    const replayAs = (token: string, query = '') =>
      ctx.app.inject({
        method: 'POST',
        url: `/webhooks/deliveries/${failed!.deliveryId}/replay${query}`,
        headers: authHeaders(token),
      });
    // Another location's token: not found without altId, forbidden naming this location.
    assert.equal((await replayAs(ctx.tenant.locationToken)).statusCode, 404);
    assert.equal((await replayAs(ctx.tenant.locationToken, `?altId=${s.tenant.locationId}`)).statusCode, 403);
    assert.equal(
      (await replayAs(ctx.tenant.locationToken, `?altId=${ctx.tenant.locationId}`)).statusCode,
      404,
    );
    assert.equal(s.receiver.received.length, 1);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/webhooks/deliveries/${failed!.deliveryId}/replay`,
      headers: authHeaders(s.tenant.locationToken),
    });
    assert.equal(res.statusCode, 200, res.body);
    const replay = res.json();
    assert.equal(replay.replayOf, failed!.deliveryId);
    await waitFor('the replay', async () => s.receiver.received.length >= 2);
    const [original, again] = s.receiver.received;
    assert.notEqual(again!.body.webhookId, original!.body.webhookId);
    assert.equal(again!.body.webhookId, replay.webhookId);
    assert.equal(again!.body._id, original!.body._id);
    assert.equal(again!.body.timestamp, original!.body.timestamp);
  });

  test('the default schedule: first retry within 30 s, growing, nothing after a day', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    for (const random of [0, 0.5, 0.999]) {
      const first = nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 1, start, start, random)!;
      assert.ok(first.getTime() - start.getTime() <= 30_000 && first.getTime() > start.getTime());
    }
    let at = start;
    let previousWait = 0;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt(DEFAULT_RETRY_SCHEDULE, attempts, start, at, 0.5);
      if (next === null) break;
      const wait = next.getTime() - at.getTime();
      assert.ok(wait >= previousWait, 'waits grow');
      previousWait = wait;
      at = next;
      attempts += 1;
      assert.ok(attempts < 100);
    }
    assert.ok(at.getTime() - start.getTime() <= 24 * 3600_000);
    assert.ok(at.getTime() - start.getTime() > 12 * 3600_000, 'retries last most of a day');
  });
});
