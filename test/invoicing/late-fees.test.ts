/**
 * Late fees charged by the scheduler task (issue #12 item 5, docs/decisions.md "Late fees"): after the
 * grace days past the due date by the location's test clock, once per period, capped, on the invoice's
 * total and amount due, in its JSON, its history, an InvoiceUpdate event, its page and its PDF.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kysely } from 'kysely';
import { applyDueLateFees } from '../../src/invoicing/apply-late-fees.ts';
import type { SchedulerContext } from '../../src/invoicing/context.ts';
import { runSchedulerOnce } from '../../src/jobs/scheduler.ts';
import { advanceClock, locationNow } from '../../src/store/clocks.ts';
import { insertLateFees, lockDueLateFeeInvoice } from '../../src/store/late-fees.ts';
import { backfillLateFeesDueAt } from '../../src/store/migrations/019_late_fees.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { readPdf } from '../fixtures/pdf-text.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(async () => {
  await ctx.close();
});

const DAY_MS = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);
const alt = (t: Tenant) => ({ altId: t.locationId, altType: 'location' });

/** A location of its own (its own test clock) whose invoices fall due tomorrow by that clock. */
async function tenantDueTomorrow() {
  const tenant = await seedTenant(ctx.store, 'Late');
  const now = await locationNow(ctx.store.db, tenant.locationId, false);
  const today = day(now);
  const dueDate = day(new Date(now.getTime() + DAY_MS));
  /** The moment `days` days after the due date ended, `hours` hours later. */
  const afterDue = (days: number, hours = 0) =>
    new Date(Date.parse(`${dueDate}T00:00:00Z`) + (1 + days) * DAY_MS + hours * 3_600_000);
  /** Moves the location's clock forward to `target` (a few seconds past it). */
  const clockTo = async (target: Date) => {
    const current = await locationNow(ctx.store.db, tenant.locationId, false);
    const seconds = Math.ceil((target.getTime() - current.getTime()) / 1000) + 5;
    assert.ok(seconds > 0, 'the test clock only moves forward');
    await advanceClock(ctx.store.db, tenant.locationId, seconds);
  };
  return { tenant, today, dueDate, afterDue, clockTo };
}

type Due = Awaited<ReturnType<typeof tenantDueTomorrow>>;

/** Items total 2019.00 USD (201900 cents). */
async function sent(due: Due, lateFeesConfiguration?: object, overrides: Record<string, unknown> = {}) {
  const { tenant } = due;
  const invoice = await createInvoice(ctx.app, tenant.locationToken, tenant.locationId, {
    issueDate: due.today,
    dueDate: due.dueDate,
    ...(lateFeesConfiguration ? { lateFeesConfiguration } : {}),
    ...overrides,
  });
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${invoice._id}/send`,
    headers: authHeaders(tenant.locationToken),
    payload: {
      ...alt(tenant),
      userId: tenant.userId,
      action: 'send_manually',
      liveMode: overrides.liveMode === true,
    },
  });
  assert.equal(res.statusCode, 200, res.body);
  return invoice._id as string;
}

async function getInvoice(tenant: Tenant, id: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/${id}?altId=${tenant.locationId}&altType=location`,
    headers: authHeaders(tenant.locationToken),
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const lines = (invoiceId: string) =>
  ctx.store.db
    .selectFrom('invoice_late_fees')
    .select(['period', 'amount'])
    .where('invoice_id', '=', invoiceId)
    .orderBy('period')
    .execute();

const run = () => applyDueLateFees({ store: ctx.store }, 50);

/** record-payment: `amount` major units, or all that is due. */
async function recordPayment(tenant: Tenant, id: string, amount?: number) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${id}/record-payment`,
    headers: authHeaders(tenant.locationToken),
    payload: { ...alt(tenant), mode: 'cash', ...(amount === undefined ? {} : { amount }) },
  });
  assert.equal(res.statusCode, 200, res.body);
}

const FIXED_ONCE = {
  enable: true,
  value: 25,
  type: 'fixed',
  frequency: { intervalCount: 1, interval: 'one_time' },
  grace: { intervalCount: 3, interval: 'day' },
};

const PERCENT_DAILY = {
  enable: true,
  value: 1.5,
  type: 'percentage',
  frequency: { intervalCount: 1, interval: 'day' },
  grace: { intervalCount: 0, interval: 'day' },
  maxLateFees: { type: 'fixed', value: 100 },
};

test('a fixed one-time fee falls due after the grace days, not before, and only once', async () => {
  const due = await tenantDueTomorrow();
  const id = await sent(due, FIXED_ONCE);
  // As an invoice whose rule was set before migration 019: the migration finds its due time.
  await ctx.store.db.updateTable('invoices').set({ late_fees_due_at: null }).where('id', '=', id).execute();
  await backfillLateFeesDueAt(ctx.store.db as unknown as Kysely<unknown>);
  const { late_fees_due_at: dueAt } = await ctx.store.db
    .selectFrom('invoices')
    .select('late_fees_due_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(dueAt?.toISOString(), due.afterDue(3).toISOString());
  await due.clockTo(due.afterDue(3, -1));
  assert.equal(await run(), 0);
  assert.deepEqual(await lines(id), []);
  const before = await getInvoice(due.tenant, id);
  assert.equal(before.total, 2019);
  assert.equal(before.totalSummary.lateFees, undefined);

  await due.clockTo(due.afterDue(3));
  assert.equal(await run(), 1);
  assert.deepEqual(await lines(id), [{ period: 0, amount: 2500 }]);
  const charged = await getInvoice(due.tenant, id);
  assert.equal(charged.total, 2044);
  assert.equal(charged.amountDue, 2044);
  assert.equal(charged.totalSummary.lateFees, 25);
  assert.equal(charged.status, 'sent');

  const history = await ctx.store.db
    .selectFrom('invoice_events')
    .select(['type', 'data'])
    .where('invoice_id', '=', id)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  assert.deepEqual(history, {
    type: 'late_fees_charged',
    data: { lateFees: [{ period: 0, amount: 2500 }], total: 2500 },
  });
  const hook = await ctx.store.db
    .selectFrom('webhook_events')
    .select(['type', 'payload'])
    .where('location_id', '=', due.tenant.locationId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  assert.equal(hook.type, 'InvoiceUpdate');
  assert.equal((hook.payload as { total: number }).total, 2044);

  await due.clockTo(due.afterDue(30));
  assert.equal(await run(), 0);
  assert.deepEqual(await lines(id), [{ period: 0, amount: 2500 }]);
});

test('a percentage per day accumulates a fee per period, rounded half up, up to maxLateFees', async () => {
  const due = await tenantDueTomorrow();
  const id = await sent(due, PERCENT_DAILY);
  // 1.5% of 201900 cents is 3028.5: 3029.
  await due.clockTo(due.afterDue(0, 1));
  assert.equal(await run(), 1);
  assert.deepEqual(await lines(id), [{ period: 0, amount: 3029 }]);
  await due.clockTo(due.afterDue(2, 1));
  await run();
  assert.deepEqual(await lines(id), [
    { period: 0, amount: 3029 },
    { period: 1, amount: 3029 },
    { period: 2, amount: 3029 },
  ]);
  assert.equal((await getInvoice(due.tenant, id)).totalSummary.lateFees, 90.87);
  // The cap (100.00) leaves 9.13 for the fourth day, nothing after.
  await due.clockTo(due.afterDue(10));
  await run();
  assert.deepEqual((await lines(id)).at(-1), { period: 3, amount: 913 });
  assert.equal((await lines(id)).length, 4);
  const capped = await getInvoice(due.tenant, id);
  assert.equal(capped.totalSummary.lateFees, 100);
  assert.equal(capped.total, 2119);
  assert.equal(capped.amountDue, 2119);
  // Run again: nothing more.
  assert.equal(await run(), 0);
  assert.equal((await lines(id)).length, 4);
});

test('two runners at once charge each period once; a period already charged is never charged again', async () => {
  const due = await tenantDueTomorrow();
  const ids = await Promise.all(Array.from({ length: 6 }, () => sent(due, PERCENT_DAILY)));
  await due.clockTo(due.afterDue(1, 1));
  const done = await Promise.all([run(), run(), run()]);
  assert.equal(
    done.reduce((a, b) => a + b, 0),
    6,
  );
  for (const id of ids) {
    assert.deepEqual(await lines(id), [
      { period: 0, amount: 3029 },
      { period: 1, amount: 3029 },
    ]);
    assert.equal((await getInvoice(due.tenant, id)).total, 2079.58);
  }
  await Promise.all([run(), run()]);
  for (const id of ids) assert.equal((await lines(id)).length, 2);

  // A run that dies before its commit leaves nothing behind; the next one charges the period once.
  await due.clockTo(due.afterDue(2, 1));
  await assert.rejects(
    ctx.store.db.transaction().execute(async (trx) => {
      const locked = await lockDueLateFeeInvoice(trx);
      assert.ok(locked);
      await insertLateFees(trx, locked.invoice, [{ period: 2, amount: 3029, dueAt: new Date() }]);
      throw new Error('crash');
    }),
    /crash/,
  );
  assert.equal(await run(), 6);
  for (const id of ids) assert.equal((await lines(id)).length, 3);
  // The key itself: a line for a charged period is not added.
  const again = await ctx.store.db
    .transaction()
    .execute((trx) =>
      insertLateFees(trx, { id: ids[0]!, location_id: due.tenant.locationId, currency: 'USD' }, [
        { period: 1, amount: 1, dueAt: new Date() },
      ]),
    );
  assert.deepEqual(again, []);
  assert.equal((await lines(ids[0]!)).length, 3);
});

test('paid, void and draft invoices are charged nothing', async () => {
  const due = await tenantDueTomorrow();
  const paid = await sent(due, FIXED_ONCE);
  await recordPayment(due.tenant, paid);
  const voided = await sent(due, FIXED_ONCE);
  const voiding = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${voided}/void`,
    headers: authHeaders(due.tenant.locationToken),
    payload: alt(due.tenant),
  });
  assert.equal(voiding.statusCode, 200, voiding.body);
  const draft = await createInvoice(ctx.app, due.tenant.locationToken, due.tenant.locationId, {
    issueDate: due.today,
    dueDate: due.dueDate,
    lateFeesConfiguration: FIXED_ONCE,
  });
  const disabled = await sent(due, { ...FIXED_ONCE, enable: false });
  await due.clockTo(due.afterDue(10));
  assert.equal(await run(), 0);
  for (const id of [paid, voided, draft._id, disabled]) assert.deepEqual(await lines(id), []);
  assert.equal((await getInvoice(due.tenant, paid)).status, 'paid');
});

test('a payment after a fee: the amount due counts the fee, the next percentage only the rest', async () => {
  const due = await tenantDueTomorrow();
  const id = await sent(due, { ...PERCENT_DAILY, maxLateFees: undefined });
  await due.clockTo(due.afterDue(0, 1));
  await run();
  await recordPayment(due.tenant, id, 1000);
  const partly = await getInvoice(due.tenant, id);
  assert.equal(partly.status, 'partially_paid');
  assert.equal(partly.total, 2049.29);
  assert.equal(partly.amountDue, 1049.29);
  // Day 2: 1.5% of the 1019.00 still due without fees = 1528.5 cents: 1529.
  await due.clockTo(due.afterDue(1, 1));
  await run();
  assert.deepEqual((await lines(id)).at(-1), { period: 1, amount: 1529 });
  const after = await getInvoice(due.tenant, id);
  assert.equal(after.amountDue, 1064.58);
  // Paying what is due, fees included, settles the invoice; no fee falls due after that.
  await recordPayment(due.tenant, id);
  assert.equal((await getInvoice(due.tenant, id)).status, 'paid');
  await due.clockTo(due.afterDue(5));
  assert.equal(await run(), 0);
  assert.equal((await lines(id)).length, 2);
});

test('the hosted page and the PDF show the late fees line; an update keeps the fee in the total', async () => {
  const due = await tenantDueTomorrow();
  const id = await sent(due, FIXED_ONCE);
  await due.clockTo(due.afterDue(3));
  await run();
  const { public_token: token } = await ctx.store.db
    .selectFrom('invoices')
    .select('public_token')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const page = await ctx.app.inject({ method: 'GET', url: `/i/${token}` });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Late fees<\/[^>]+>\s*<[^>]+>\$25\.00/);
  assert.match(page.body, /\$2,044\.00/);
  const pdf = await ctx.app.inject({ method: 'GET', url: `/i/${token}/pdf` });
  assert.equal(pdf.statusCode, 200);
  const { text } = await readPdf(pdf.rawPayload);
  assert.match(text, /Late fees\s*\$25\.00/);
  assert.match(text, /Amount due\s*\$2,044\.00/);

  const current = await getInvoice(due.tenant, id);
  const put = await ctx.app.inject({
    method: 'PUT',
    url: `/invoices/${id}`,
    headers: authHeaders(due.tenant.locationToken),
    payload: {
      ...alt(due.tenant),
      name: current.name,
      currency: 'USD',
      issueDate: current.issueDate,
      dueDate: current.dueDate,
      discount: current.discount,
      invoiceItems: [{ name: 'Design', currency: 'USD', amount: 100, qty: 1 }],
    },
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().total, 125);
  assert.equal(put.json().totalSummary.lateFees, 25);
});

test('advancing the test clock through the API makes the scheduler charge test invoices, not live ones', async () => {
  const due = await tenantDueTomorrow();
  const testInvoice = await sent(due, FIXED_ONCE);
  const live = await sent(due, FIXED_ONCE, { liveMode: true });
  const ctxForTasks = { store: ctx.store } as SchedulerContext;
  await runSchedulerOnce(ctxForTasks);
  assert.deepEqual(await lines(testInvoice), []);
  const advanced = await ctx.app.inject({
    method: 'POST',
    url: '/test-clock/advance',
    headers: authHeaders(due.tenant.locationToken),
    payload: { ...alt(due.tenant), seconds: 6 * 86_400 },
  });
  assert.equal(advanced.statusCode, 200, advanced.body);
  await runSchedulerOnce(ctxForTasks);
  assert.deepEqual(await lines(testInvoice), [{ period: 0, amount: 2500 }]);
  assert.deepEqual(await lines(live), []);
});

test('a rule nothing could be charged by is a 422 on the PATCH, changing nothing', async () => {
  const due = await tenantDueTomorrow();
  const id = await sent(due);
  const res = await ctx.app.inject({
    method: 'PATCH',
    url: `/invoices/${id}/late-fees-configuration`,
    headers: authHeaders(due.tenant.locationToken),
    payload: {
      ...alt(due.tenant),
      lateFeesConfiguration: {
        ...PERCENT_DAILY,
        value: 120,
        frequency: { intervalCount: 0, interval: 'day' },
        maxLateFees: { type: 'fixed', value: 1.234 },
      },
    },
  });
  assert.equal(res.statusCode, 422, res.body);
  assert.deepEqual(res.json().message, [
    'lateFeesConfiguration.value must be a percentage from 0 to 100',
    'lateFeesConfiguration.frequency.intervalCount must be a whole number from 1 to 1000',
    'lateFeesConfiguration.maxLateFees.value must have at most 2 decimal places for USD',
  ]);
  assert.equal((await getInvoice(due.tenant, id)).lateFeesConfiguration, undefined);
  // A rule set later by the PATCH is charged by.
  const ok = await ctx.app.inject({
    method: 'PATCH',
    url: `/invoices/${id}/late-fees-configuration`,
    headers: authHeaders(due.tenant.locationToken),
    payload: { ...alt(due.tenant), lateFeesConfiguration: FIXED_ONCE },
  });
  assert.equal(ok.statusCode, 200, ok.body);
  await due.clockTo(due.afterDue(3));
  assert.equal(await run(), 1);
  assert.deepEqual(await lines(id), [{ period: 0, amount: 2500 }]);
});
