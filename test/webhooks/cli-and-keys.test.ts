/**
 * `hl-invoices webhook ...` as a user runs it, the signing key (one per store, even when first starts
 * race), and events written only with the change that causes them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/db.ts';
import { signingKey } from '../../src/webhooks/signing.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { cli } from '../fixtures/cli.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice, invoiceBody } from '../fixtures/invoices.ts';
import { startWebhookReceiver } from '../fixtures/webhook-receiver.ts';
import { startTestWebhookWorkers } from '../fixtures/webhooks.ts';

let ctx: TestContext;
let env: Record<string, string>;

before(async () => {
  ctx = await setupApp();
  env = { DATABASE_URL: ctx.databaseUrl, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' };
});
after(async () => {
  await ctx.close();
});

async function eventTypes(): Promise<string[]> {
  const rows = await ctx.store.db.selectFrom('webhook_events').select('type').orderBy('id').execute();
  return rows.map((r) => r.type);
}

describe('webhook command and signing key', () => {
  test('concurrent first starts keep one key; the CLI and the API print it', async () => {
    const stores = Array.from({ length: 5 }, () => openStore(ctx.databaseUrl, { max: 1 }));
    try {
      const keys = await Promise.all(stores.map((s) => signingKey(s)));
      assert.equal(new Set(keys.map((k) => k.publicKeyPem)).size, 1);
      const rows = await ctx.store.db.selectFrom('webhook_keys').selectAll().execute();
      assert.equal(rows.length, 1);
      const printed = await cli(['webhook', 'public-key'], env);
      assert.equal(printed.code, 0, printed.stderr);
      assert.equal(printed.stdout, keys[0]!.publicKeyPem);
      const json = JSON.parse((await cli(['webhook', 'public-key', '--json'], env)).stdout);
      const served = (await ctx.app.inject({ method: 'GET', url: '/webhooks/public-key' })).json();
      assert.deepEqual(json, served);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test('add, list, replay and remove from the command line', async () => {
    const receiver = await startWebhookReceiver((n) => ({ status: n === 0 ? 400 : 200 }));
    const workers = startTestWebhookWorkers(ctx);
    try {
      const loc = ctx.tenant.locationId;
      const bad = await cli(
        ['webhook', 'add', '--location', loc, '--url', receiver.url, '--events', 'InvoiceNope'],
        env,
      );
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /unknown webhook event InvoiceNope/);
      const added = await cli(
        [
          'webhook',
          'add',
          '--location',
          loc,
          '--url',
          receiver.url,
          '--events',
          'InvoiceCreate',
          '--app-id',
          'app-9',
          '--json',
        ],
        env,
      );
      assert.equal(added.code, 0, added.stderr);
      const subscription = JSON.parse(added.stdout);
      assert.deepEqual(subscription.events, ['InvoiceCreate']);
      const listed = await cli(['webhook', 'list', '--location', loc], env);
      assert.match(
        listed.stdout,
        new RegExp(`${subscription.id}  location ${loc}  ${receiver.url}  events InvoiceCreate  appId app-9`),
      );

      await createInvoice(ctx.app, ctx.tenant.locationToken, loc);
      const failed = await waitFor('the refused delivery', async () => {
        const row = await ctx.store.db
          .selectFrom('webhook_deliveries')
          .select(['id', 'status'])
          .where('subscription_id', '=', subscription.id)
          .executeTakeFirst();
        return row?.status === 'failed' && row;
      });
      const replayed = await cli(['webhook', 'replay', failed.id], env);
      assert.equal(replayed.code, 0, replayed.stderr);
      assert.match(replayed.stdout, new RegExp(`a replay of ${failed.id}`));
      // No queue in the CLI: the workers' fan-out loop finds the replay.
      await waitFor('the replay', async () => receiver.received.length >= 2);
      assert.equal(receiver.received[1]!.body.appId, 'app-9');

      const removed = await cli(['webhook', 'remove', subscription.id], env);
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(
        (await cli(['webhook', 'list', '--location', loc], env)).stdout,
        'No webhook subscriptions\n',
      );
      const again = await cli(['webhook', 'remove', subscription.id], env);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /Webhook subscription not found/);
    } finally {
      await workers.stop();
      await receiver.close();
    }
  });

  test('a refused change writes no event; each change writes its own', async () => {
    const before = await eventTypes();
    const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId, {
      invoiceNumber: '777',
    });
    const taken = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/',
      headers: authHeaders(ctx.tenant.locationToken),
      payload: invoiceBody(ctx.tenant.locationId, { invoiceNumber: '777' }),
    });
    assert.equal(taken.statusCode, 400);
    const voidIt = () =>
      ctx.app.inject({
        method: 'POST',
        url: `/invoices/${inv._id}/void`,
        headers: authHeaders(ctx.tenant.locationToken),
        payload: { altId: ctx.tenant.locationId, altType: 'location' },
      });
    assert.equal((await voidIt()).statusCode, 200);
    assert.equal((await voidIt()).statusCode, 400);
    assert.deepEqual((await eventTypes()).slice(before.length), ['InvoiceCreate', 'InvoiceVoid']);
    const row = await ctx.store.db
      .selectFrom('webhook_events')
      .select('payload')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(row.payload.companyId, ctx.tenant.companyId);
    assert.equal(row.payload.invoiceNumber, '777');
  });
});
