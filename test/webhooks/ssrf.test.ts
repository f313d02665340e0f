/**
 * Where deliveries may go: without WEBHOOK_ALLOW_PRIVATE_NETWORKS, loopback, private, link-local, CGNAT,
 * multicast, unspecified and metadata addresses are refused when a subscription is made (422 naming the
 * URL) and again at every attempt, after DNS (a failed delivery with the reason, not retried); the
 * connection goes to the address that was checked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertSubscription } from '../../src/store/webhooks.ts';
import { refusedAddress } from '../../src/webhooks/addresses.ts';
import { postWebhook } from '../../src/webhooks/post.ts';
import { authHeaders, setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { startWebhookReceiver } from '../fixtures/webhook-receiver.ts';
import { deliveryLog, startTestWebhookWorkers } from '../fixtures/webhooks.ts';

const PUBLIC_ONLY = { ...testConfig().webhooks, allowPrivateNetworks: false };

let ctx: TestContext;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let workers: ReturnType<typeof startTestWebhookWorkers>;

before(async () => {
  ctx = await setupApp({ webhooks: PUBLIC_ONLY });
  receiver = await startWebhookReceiver();
  workers = startTestWebhookWorkers(ctx, PUBLIC_ONLY);
});
after(async () => {
  await workers.stop();
  await receiver.close();
  await ctx.close();
});

describe('webhook targets', () => {
  test('address classes', () => {
    const refused: Array<[string, RegExp]> = [
      ['127.0.0.1', /loopback/],
      ['127.8.9.10', /loopback/],
      ['::1', /loopback/],
      ['::ffff:127.0.0.1', /loopback/],
      ['::ffff:7f00:1', /loopback/],
      ['10.1.2.3', /private/],
      ['172.16.0.1', /private/],
      ['172.31.255.255', /private/],
      ['192.168.1.1', /private/],
      ['fc00::1', /private/],
      ['fd12:3456::1', /private/],
      ['100.64.0.1', /CGNAT/],
      ['169.254.1.1', /link-local/],
      ['fe80::1', /link-local/],
      ['169.254.169.254', /metadata/],
      ['fd00:ec2::254', /metadata/],
      ['224.0.0.1', /multicast/],
      ['ff02::1', /multicast/],
      ['0.0.0.0', /unspecified/],
      ['::', /unspecified/],
    ];
    for (const [address, reason] of refused)
      assert.match(String(refusedAddress(address, false)), reason, address);
    for (const address of [
      '8.8.8.8',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
    ]) {
      assert.equal(refusedAddress(address, false), null, address);
    }
    // Allowing private networks lets loopback and private through, never metadata, multicast or unspecified.
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', '100.64.0.1', '169.254.1.1']) {
      assert.equal(refusedAddress(address, true), null, address);
    }
    for (const address of ['169.254.169.254', 'fd00:ec2::254', '224.0.0.1', '0.0.0.0']) {
      assert.notEqual(refusedAddress(address, true), null, address);
    }
  });

  test('a subscription to a private or loopback target is a 422 naming the URL', async () => {
    const urls = [
      receiver.url,
      `http://localhost:${receiver.port}/hooks`,
      'http://[::1]:8080/x',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00:ec2::254]/',
      'http://0x7f000001/',
      'http://10.0.0.5/x',
      'http://100.100.1.1/x',
      'http://[::ffff:127.0.0.1]/x',
    ];
    for (const url of urls) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/webhooks/',
        headers: authHeaders(ctx.tenant.locationToken),
        payload: { altId: ctx.tenant.locationId, altType: 'location', url },
      });
      assert.equal(res.statusCode, 422, url);
      const message = res.json().message[0] as string;
      assert.ok(message.startsWith(url), message);
      assert.match(message, /webhooks are delivered to public addresses only/);
    }
    const listed = await ctx.app.inject({
      method: 'GET',
      url: `/webhooks/?altId=${ctx.tenant.locationId}&altType=location`,
      headers: authHeaders(ctx.tenant.locationToken),
    });
    assert.deepEqual(listed.json(), { webhooks: [] });
  });

  test('each attempt checks again after DNS: a name that now resolves to loopback fails, not retried', async () => {
    // As if the name had resolved to a public address when the subscription was made.
    const row = await insertSubscription(ctx.store.db, {
      id: 'sub-rebound',
      location_id: ctx.tenant.locationId,
      company_id: ctx.tenant.companyId,
      url: `http://localhost:${receiver.port}/hooks`,
      events: [],
      app_id: null,
    });
    await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
    const entries = await waitFor('the failed attempt', async () => {
      const log = await deliveryLog(ctx, row.id);
      return log.some((e) => e.status === 'failed') && log;
    });
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.attempt, 1);
    assert.match(String(entries[0]!.error), /resolves to (127\.0\.0\.1|::1), a loopback address/);
    assert.equal(receiver.received.length, 0);
  });

  test('the connection goes to the checked address, not to a new lookup of the name', async () => {
    const url = new URL(`http://pinned.invalid:${receiver.port}/hooks`);
    const result = await postWebhook(
      { url, address: '127.0.0.1', family: 4 },
      Buffer.from('{"type":"InvoiceSent"}'),
      {},
      2000,
    );
    assert.deepEqual(result, { kind: 'delivered', status: 200 });
    const got = receiver.received.at(-1)!;
    assert.equal(got.headers.host, `pinned.invalid:${receiver.port}`);
    assert.equal(got.body.type, 'InvoiceSent');
  });
});
