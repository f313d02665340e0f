/**
 * Invoice reminders through the scheduler task (sendDueReminders): before and after the due date, up to
 * maxReminders, within business hours, one catch-up after downtime, none for paid or void invoices, no
 * duplicate with two runners; test-mode invoices on the test clock, and the email arriving by SMTP.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Config } from '../../src/config.ts';
import { objectId } from '../../src/domain/ids.ts';
import { sendDueReminders } from '../../src/invoicing/reminders.ts';
import { startDeliveryWorkers } from '../../src/jobs/runtime.ts';
import { runSchedulerOnce, schedulerContext } from '../../src/jobs/scheduler.ts';
import { paymentProviders } from '../../src/payment-providers.ts';
import { advanceClock } from '../../src/store/clocks.ts';
import { authHeaders, setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { startSmtpServer } from '../fixtures/servers.ts';

const DAY = 86_400;
const TASK = [{ name: 'reminders', run: sendDueReminders }];

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let config: Config;
let workers: ReturnType<typeof startDeliveryWorkers>;

before(async () => {
  smtp = await startSmtpServer();
  const overrides: Partial<Config> = {
    delivery: { ...testConfig().delivery, smtpUrl: smtp.url, devOutbox: true },
  };
  ctx = await setupApp(overrides);
  config = testConfig(overrides);
  workers = startDeliveryWorkers({ boss: ctx.app.boss, store: ctx.store, config });
});
after(async () => {
  await workers?.stop(10_000);
  await ctx?.close();
  await smtp?.close();
});

const scheduler = () =>
  schedulerContext({
    boss: ctx.app.boss,
    store: ctx.store,
    config,
    providers: paymentProviders(ctx.store, config),
  });

const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
/** Business hours around the current UTC hour (so "now" is inside), or starting `shift` hours later. */
function hours(shift = 0) {
  const h = new Date().getUTCHours();
  return shift === 0
    ? { startTime: hh(h - 1), endTime: hh(h + 2), timezone: 'UTC' }
    : { startTime: hh(h + shift), endTime: hh(h + shift + 2), timezone: 'UTC' };
}

function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * DAY * 1000).toISOString().slice(0, 10);
}

function reminder(overrides: Record<string, unknown>) {
  return {
    enabled: true,
    emailTemplate: 'default',
    smsTemplate: 'default',
    emailSubject: 'Friendly reminder',
    reminderId: objectId(),
    reminderName: 'Reminder',
    reminderTime: 'after',
    intervalType: 'daily',
    maxReminders: 3,
    reminderInvoiceCondition: 'invoice_overdue',
    reminderNumber: 1,
    ...hours(),
    ...overrides,
  };
}

/** A sent invoice of a new location (its own test clock) with these reminders. */
async function sentInvoice(reminders: unknown[], overrides: Record<string, unknown> = {}) {
  const { seedTenant } = await import('../fixtures/app.ts');
  const t = await seedTenant(ctx.store, `Loc ${objectId()}`);
  const invoice = await createInvoice(ctx.app, t.locationToken, t.locationId, {
    issueDate: day(-30),
    dueDate: day(10),
    remindersConfiguration: {
      reminderExecutionDetailsList: {},
      reminderSettings: { defaultEmailTemplateId: 'default', reminders },
    },
    ...overrides,
  });
  const liveMode = overrides.liveMode === true;
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${invoice._id}/send`,
    headers: authHeaders(t.locationToken),
    payload: { altId: t.locationId, altType: 'location', userId: t.userId, action: 'email', liveMode },
  });
  assert.equal(res.statusCode, 200, res.body);
  return { id: invoice._id as string, tenant: t, view: invoice };
}

async function reminders(invoiceId: string) {
  return ctx.store.db
    .selectFrom('invoice_events')
    .select('data')
    .where('invoice_id', '=', invoiceId)
    .where('type', '=', 'reminder_sent')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => (r.data as { occurrence: number }).occurrence));
}

const run = () => runSchedulerOnce(scheduler(), TASK);

test('remindersConfiguration is stored and answered on the invoice', async () => {
  const r = reminder({});
  const { view } = await sentInvoice([r]);
  assert.deepEqual(view.remindersConfiguration.reminderSettings.reminders[0], r);
});

test('before the due date: one reminder when it falls, never again', async () => {
  const r = reminder({
    reminderTime: 'before',
    reminderInvoiceCondition: 'invoice_sent',
    reminderNumber: 2,
    maxReminders: 1,
  });
  const { id, tenant } = await sentInvoice([r]);
  await run();
  assert.deepEqual(await reminders(id), []);
  await advanceClock(ctx.store.db, tenant.locationId, 8 * DAY);
  await run();
  assert.deepEqual(await reminders(id), [1]);
  await advanceClock(ctx.store.db, tenant.locationId, 5 * DAY);
  await run();
  assert.deepEqual(await reminders(id), [1]);
});

test('after the due date (overdue): every interval up to maxReminders', async () => {
  const { id, tenant } = await sentInvoice([reminder({ maxReminders: 3 })], { dueDate: day(0) });
  await run();
  assert.deepEqual(await reminders(id), [], 'not overdue yet');
  await advanceClock(ctx.store.db, tenant.locationId, DAY);
  await run();
  assert.deepEqual(await reminders(id), [1]);
  await run();
  assert.deepEqual(await reminders(id), [1], 'the same occurrence is not sent twice');
  for (let i = 0; i < 4; i++) {
    await advanceClock(ctx.store.db, tenant.locationId, DAY);
    await run();
  }
  assert.deepEqual(await reminders(id), [1, 2, 3]);
});

test('after downtime: one catch-up reminder, not one per missed occurrence', async () => {
  const { id, tenant } = await sentInvoice([reminder({ maxReminders: 10 })], { dueDate: day(0) });
  await advanceClock(ctx.store.db, tenant.locationId, DAY);
  await run();
  await advanceClock(ctx.store.db, tenant.locationId, 4 * DAY);
  await run();
  await run();
  assert.deepEqual(await reminders(id), [1, 5]);
});

test('outside business hours nothing is sent; inside them it is', async () => {
  const { id, tenant } = await sentInvoice([reminder(hours(4))], { dueDate: day(0) });
  await advanceClock(ctx.store.db, tenant.locationId, DAY);
  await run();
  assert.deepEqual(await reminders(id), []);
  await advanceClock(ctx.store.db, tenant.locationId, 5 * 3600);
  await run();
  // One reminder, the latest occurrence that has fallen by then (the clock may have passed midnight).
  assert.equal((await reminders(id)).length, 1);
});

test('a paid or void invoice gets no reminder', async () => {
  const paid = await sentInvoice([reminder({})], { dueDate: day(0) });
  await advanceClock(ctx.store.db, paid.tenant.locationId, DAY);
  const pay = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${paid.id}/record-payment`,
    headers: authHeaders(paid.tenant.locationToken),
    payload: {
      altId: paid.tenant.locationId,
      altType: 'location',
      mode: 'cash',
      amount: 2019,
      notes: 'paid',
    },
  });
  assert.equal(pay.statusCode, 200, pay.body);
  const voided = await sentInvoice([reminder({})], { dueDate: day(0) });
  await advanceClock(ctx.store.db, voided.tenant.locationId, DAY);
  const v = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${voided.id}/void`,
    headers: authHeaders(voided.tenant.locationToken),
    payload: { altId: voided.tenant.locationId, altType: 'location' },
  });
  assert.equal(v.statusCode, 200, v.body);
  await run();
  assert.deepEqual(await reminders(paid.id), []);
  assert.deepEqual(await reminders(voided.id), []);
});

test('two runners at once send each reminder once', async () => {
  const { id, tenant } = await sentInvoice([reminder({})], { dueDate: day(0) });
  await advanceClock(ctx.store.db, tenant.locationId, DAY);
  const [a, b] = await Promise.all([sendDueReminders(scheduler(), 50), sendDueReminders(scheduler(), 50)]);
  assert.deepEqual(await reminders(id), [1]);
  assert.ok(a + b >= 1);
  const rows = await ctx.store.db
    .selectFrom('invoice_reminders')
    .selectAll()
    .where('invoice_id', '=', id)
    .execute();
  assert.equal(rows.length, 1);
});

test('a live invoice: the reminder email arrives by SMTP with the page link', async () => {
  const r = reminder({ reminderInvoiceCondition: 'invoice_sent', intervalType: 'hourly', maxReminders: 1 });
  const { id } = await sentInvoice([r], { liveMode: true });
  // As if sent two hours ago (live data runs on the real time; no test clock).
  await ctx.store.db
    .updateTable('invoices')
    .set({ sent_at: new Date(Date.now() - 2 * 3600_000) })
    .where('id', '=', id)
    .execute();
  await run();
  assert.deepEqual(await reminders(id), [1]);
  const delivery = await waitFor('the reminder email to be sent', async () => {
    const row = await ctx.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('invoice_id', '=', id)
      .where('channel', '=', 'email')
      .where(({ eb }) => eb(eb.ref('request'), '@>', JSON.stringify({ kind: 'reminder' }) as never))
      .executeTakeFirst();
    return row?.status === 'sent' || row?.status === 'failed' ? row : undefined;
  });
  assert.equal(delivery.status, 'sent', delivery.last_error ?? '');
  assert.equal(delivery.transport, 'smtp');
  const parsed = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
  const mail = parsed.find((m) => m.messageId === delivery.message_id);
  assert.ok(mail, 'the reminder arrived');
  assert.equal(mail.subject, 'Friendly reminder');
  const token = (
    await ctx.store.db
      .selectFrom('invoices')
      .select('public_token')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).public_token;
  assert.ok((mail.text ?? '').includes(`/i/${token}`));
  assert.ok((mail.text ?? '').includes('A reminder that invoice'));
});
