/**
 * Crash safety of webhook delivery through the real CLI: a `hl-invoices worker` is killed with SIGKILL
 * while a receiver holds one of its requests, and started again. Every delivery arrives at least once;
 * the one in flight comes again with the same webhookId (the receiver de-duplicates on it), and each
 * subscription still sees its events in order.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { startWebhookReceiver } from '../fixtures/webhook-receiver.ts';
import { subscribe } from '../fixtures/webhooks.ts';
import { exited, spawnWorker } from '../fixtures/worker-process.ts';

const LOCATIONS = 3;
const PER_LOCATION = 8;
const TOTAL = LOCATIONS * PER_LOCATION;
/** The request the receiver holds (never answers in time): the kill comes while it is in flight. */
const HELD = 5;

let ctx: TestContext;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const children: ChildProcess[] = [];
const output: string[] = [];

before(async () => {
  ctx = await setupApp();
  receiver = await startWebhookReceiver((n) => (n === HELD ? { delayMs: 60_000 } : { delayMs: 20 }));
});
after(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  }
  await receiver.close();
  await ctx.close();
});

function startWorker(): ChildProcess {
  const child = spawnWorker(
    {
      DATABASE_URL: ctx.databaseUrl,
      WORKER_CONCURRENCY: '4',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_TIMEOUT_SECONDS: '30',
      WEBHOOK_RETRY_BASE_SECONDS: '0.05',
      DELIVERY_TIMEOUT_SECONDS: '5',
      QUEUE_MAINTENANCE_SECONDS: '1',
    },
    output,
  );
  children.push(child);
  return child;
}

test('a worker killed mid-delivery: the delivery comes again with its webhookId, nothing is lost', {
  timeout: 120_000,
}, async (t) => {
  const tenants: Tenant[] = [];
  const created = new Map<string, string[]>();
  for (let i = 0; i < LOCATIONS; i++) {
    const tenant = await seedTenant(ctx.store, `Crash${i}`);
    tenants.push(tenant);
    await subscribe(ctx, receiver.url, {}, tenant);
    const ids: string[] = [];
    for (let j = 0; j < PER_LOCATION; j++) {
      ids.push((await createInvoice(ctx.app, tenant.locationToken, tenant.locationId))._id);
    }
    created.set(tenant.locationId, ids);
  }
  try {
    const first = startWorker();
    await waitFor('the held request', async () => receiver.received.length > HELD, 60_000);
    const held = receiver.received[HELD]!.body.webhookId as string;
    first.kill('SIGKILL');
    await exited(first);

    const second = startWorker();
    await waitFor(
      `all ${TOTAL} webhookIds`,
      async () => new Set(receiver.received.map((r) => r.body.webhookId)).size === TOTAL,
      60_000,
    );
    await waitFor('every delivery recorded', async () => {
      const rows = await ctx.store.db.selectFrom('webhook_deliveries').select('status').execute();
      return rows.length === TOTAL && rows.every((r) => r.status === 'delivered');
    });
    second.kill('SIGTERM');
    await exited(second);

    // What a receiver that de-duplicates on webhookId keeps: each delivery once, in each location's order.
    const kept = new Map<string, Record<string, unknown>>();
    for (const r of receiver.received)
      if (!kept.has(r.body.webhookId as string)) kept.set(r.body.webhookId as string, r.body);
    for (const tenant of tenants) {
      const seen = [...kept.values()].filter((b) => b.locationId === tenant.locationId).map((b) => b._id);
      assert.deepEqual(seen, created.get(tenant.locationId));
    }
    const copiesOfHeld = receiver.received.filter((r) => r.body.webhookId === held);
    assert.ok(copiesOfHeld.length >= 2, 'the delivery in flight at the kill came again');
    assert.deepEqual(copiesOfHeld[1]!.raw, copiesOfHeld[0]!.raw, 'with the same bytes');
    const duplicates = receiver.received.length - TOTAL;
    assert.ok(duplicates <= 4, `${duplicates} duplicates; at most 4 can be in flight`);
    t.diagnostic(`${receiver.received.length} requests for ${TOTAL} deliveries`);
  } catch (error) {
    if (output.length > 0) t.diagnostic(`worker stderr:\n${output.join('').slice(-4000)}`);
    throw error;
  }
});
