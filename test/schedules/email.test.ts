/**
 * End to end: a test-mode schedule's run creates the invoice, emails it (through the delivery worker to
 * the dev outbox) and emits the normal InvoiceCreate and InvoiceSent webhook events.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Config } from '../../src/config.ts';
import { startDeliveryWorkers } from '../../src/jobs/runtime.ts';
import { runSchedulerOnce } from '../../src/jobs/scheduler.ts';
import { setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { activeSchedule, runAt, runsOf, SCHEDULES_TASK } from '../fixtures/schedules.ts';

let ctx: TestContext;
let workers: ReturnType<typeof startDeliveryWorkers>;
before(async () => {
  const overrides: Partial<Config> = {
    delivery: { ...testConfig().delivery, devOutbox: true, workerConcurrency: 2 },
  };
  ctx = await setupApp(overrides);
  workers = startDeliveryWorkers({ boss: ctx.app.boss, store: ctx.store, config: testConfig(overrides) });
});
after(async () => {
  await workers?.stop(10_000);
  await ctx?.close();
});

test("a scheduled run's invoice email reaches the dev outbox; InvoiceCreate and InvoiceSent are emitted", async () => {
  const { locationId, locationToken } = ctx.tenant;
  const id = await activeSchedule(ctx.app, locationToken, locationId, { startDate: '2027-01-15', count: 1 });
  const run = { ...ctx.app.services, catchUp: 'all' as const };
  await runAt(run, locationId, '2027-01-16T00:00:00Z');
  assert.equal(await runSchedulerOnce(run, SCHEDULES_TASK), 0);
  const [only] = await runsOf(ctx.store, id);
  assert.ok(only?.id, 'the run created an invoice');
  assert.equal(only.status, 'sent');

  const deliveries = await waitFor('the email delivery to be sent', async () => {
    const rows = await ctx.store.db
      .selectFrom('deliveries')
      .select(['id', 'channel', 'status', 'transport', 'recipient'])
      .where('invoice_id', '=', only.id!)
      .execute();
    return rows.length > 0 && rows.every((r) => r.status === 'sent') ? rows : undefined;
  });
  // The contact has both an email and a phone: the run sends sms_and_email.
  assert.deepEqual(deliveries.map((d) => [d.channel, d.transport]).sort(), [
    ['email', 'outbox'],
    ['sms', 'outbox'],
  ]);
  assert.equal(deliveries.find((d) => d.channel === 'email')?.recipient, 'alex@example.com');

  const outbox = await ctx.app.inject({ method: 'GET', url: `/dev/outbox.json?invoiceId=${only.id}` });
  assert.equal(outbox.statusCode, 200, outbox.body);
  const messages = outbox.json().messages as Array<{ channel: string; status: string }>;
  assert.ok(messages.some((m) => m.channel === 'email' && m.status === 'sent'));

  const events = await ctx.store.db
    .selectFrom('webhook_events')
    .select('type')
    .where('location_id', '=', locationId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    events.map((e) => e.type),
    ['InvoiceCreate', 'InvoiceSent'],
  );
});
