/**
 * Scheduled runs (src/invoicing/run-schedules.ts) on the test clock: month ends, leap years, DST, ends,
 * cancel, downtime catch-up (all / latest), two runners at once and a run that fails mid-way.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import type { SchedulerContext } from '../../src/invoicing/context.ts';
import { startQueue } from '../../src/jobs/queue.ts';
import { runSchedulerOnce } from '../../src/jobs/scheduler.ts';
import { insertTestMethod } from '../../src/store/test-methods.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { activeSchedule, runAt, runContext, runsOf, SCHEDULES_TASK } from '../fixtures/schedules.ts';

let ctx: TestContext;
let boss: PgBoss;
let run: SchedulerContext;
before(async () => {
  ctx = await setupApp();
  boss = await startQueue(ctx.databaseUrl, {});
  run = runContext(boss, ctx.store);
});
after(async () => {
  await boss.stop({ graceful: true, wait: true });
  await ctx.close();
});

let n = 0;
/** Each test gets its own location, so its test clock starts at the real time. */
const tenant = () => seedTenant(ctx.store, `Loc${++n}`);
const schedule = (t: Tenant, rrule: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
  activeSchedule(ctx.app, t.locationToken, t.locationId, { timezone: 'UTC', ...rrule }, overrides);

async function scheduleRow(id: string) {
  return ctx.store.db
    .selectFrom('invoice_schedules')
    .select(['status', 'next_run_at', 'runs_done'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('when runs happen', () => {
  test('monthly on the 31st: the last day of shorter months; the count completes the schedule', async () => {
    const t = await tenant();
    const id = await schedule(t, {
      startDate: '2027-01-31',
      startTime: '10:00:00',
      count: 4,
      endType: 'count',
    });
    await runAt(run, t.locationId, '2027-06-15T00:00:00Z');
    const runs = await runsOf(ctx.store, id);
    assert.deepEqual(
      runs.map((r) => [r.at, r.issueDate]),
      [
        ['2027-01-31T10:00:00.000Z', '2027-01-31'],
        ['2027-02-28T10:00:00.000Z', '2027-02-28'],
        ['2027-03-31T10:00:00.000Z', '2027-03-31'],
        ['2027-04-30T10:00:00.000Z', '2027-04-30'],
      ],
    );
    assert.ok(
      runs.every((r) => r.status === 'sent'),
      'each invoice was sent',
    );
    const row = await scheduleRow(id);
    assert.equal(row.status, 'completed');
    assert.equal(row.next_run_at, null);
    assert.equal(row.runs_done, 4);
  });

  test('dayOfMonth -1 in a leap year: January 31st, February 29th, March 31st', async () => {
    const t = await tenant();
    const id = await schedule(t, { startDate: '2028-01-01', dayOfMonth: -1, count: 3 });
    await runAt(run, t.locationId, '2028-04-15T00:00:00Z');
    assert.deepEqual(
      (await runsOf(ctx.store, id)).map((r) => r.issueDate),
      ['2028-01-31', '2028-02-29', '2028-03-31'],
    );
  });

  test('America/New_York 09:00 stays 09:00 local across the March DST change; issue dates are local days', async () => {
    const t = await tenant();
    const id = await schedule(t, {
      intervalType: 'weekly',
      startDate: '2027-03-05',
      startTime: '09:00:00',
      dayOfWeek: 'fr',
      timezone: 'America/New_York',
      endDate: '2027-03-19',
    });
    await runAt(run, t.locationId, '2027-04-01T00:00:00Z');
    assert.deepEqual(
      (await runsOf(ctx.store, id)).map((r) => [r.at, r.issueDate]),
      [
        ['2027-03-05T14:00:00.000Z', '2027-03-05'],
        ['2027-03-12T14:00:00.000Z', '2027-03-12'],
        // DST began on March 14th: 09:00 EDT is 13:00 UTC.
        ['2027-03-19T13:00:00.000Z', '2027-03-19'],
      ],
    );
    assert.equal((await scheduleRow(id)).status, 'completed', 'the endDate completed it');
  });

  test('a late-evening run in a zone west of UTC is issued on its local day', async () => {
    const t = await tenant();
    const id = await schedule(t, {
      startDate: '2027-02-10',
      startTime: '22:30:00',
      timezone: 'America/Los_Angeles',
      count: 1,
    });
    await runAt(run, t.locationId, '2027-03-01T00:00:00Z');
    assert.deepEqual(
      (await runsOf(ctx.store, id)).map((r) => [r.at, r.issueDate]),
      [['2027-02-11T06:30:00.000Z', '2027-02-10']],
    );
  });
});

describe('downtime, cancel and concurrency', () => {
  test('executeAt without a rule: one run, then completed; dueAfterDays sets the due date', async () => {
    const t = await tenant();
    const id = await activeSchedule(
      ctx.app,
      t.locationToken,
      t.locationId,
      {},
      {
        schedule: { executeAt: '2027-02-01T12:00:00Z', dueAfterDays: 14 },
      },
    );
    await runAt(run, t.locationId, '2027-05-01T00:00:00Z');
    const runs = await runsOf(ctx.store, id);
    assert.deepEqual(
      runs.map((r) => [r.at, r.issueDate]),
      [['2027-02-01T12:00:00.000Z', '2027-02-01']],
    );
    const invoice = await ctx.store.db
      .selectFrom('invoices')
      .select('due_date')
      .where('id', '=', runs[0]!.id!)
      .executeTakeFirstOrThrow();
    assert.equal(String(invoice.due_date), '2027-02-15');
    assert.equal((await scheduleRow(id)).status, 'completed');
  });

  test('three months of downtime: exactly 3 invoices, once; running again adds none', async () => {
    const t = await tenant();
    const id = await schedule(t, { startDate: '2027-01-15' });
    await runAt(run, t.locationId, '2027-03-20T00:00:00Z');
    assert.equal((await runsOf(ctx.store, id)).length, 3);
    assert.equal(await runSchedulerOnce(run, SCHEDULES_TASK), 0);
    const invoices = await ctx.store.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('location_id', '=', t.locationId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(invoices.n), 3);
    const row = await scheduleRow(id);
    assert.equal(row.status, 'active');
    assert.equal(row.next_run_at?.toISOString(), '2027-04-15T09:00:00.000Z');
  });

  test('SCHEDULE_CATCH_UP=latest: after the same downtime, only the latest occurrence', async () => {
    const t = await tenant();
    const id = await schedule(t, { startDate: '2027-01-15' });
    await runAt(runContext(boss, ctx.store, 'latest'), t.locationId, '2027-03-20T00:00:00Z');
    assert.deepEqual(
      (await runsOf(ctx.store, id)).map((r) => r.issueDate),
      ['2027-03-15'],
    );
    assert.equal((await scheduleRow(id)).next_run_at?.toISOString(), '2027-04-15T09:00:00.000Z');
  });

  test('a cancelled schedule does not run; its invoices stay', async () => {
    const t = await tenant();
    const id = await schedule(t, { startDate: '2027-01-15' });
    await runAt(run, t.locationId, '2027-01-20T00:00:00Z');
    const cancelled = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${id}/cancel`,
      headers: authHeaders(t.locationToken),
      payload: { altId: t.locationId, altType: 'location' },
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.equal(cancelled.json().status, 'cancelled');
    assert.equal(cancelled.json().invoices.length, 1);
    await runAt(run, t.locationId, '2027-06-20T00:00:00Z');
    assert.equal((await runsOf(ctx.store, id)).length, 1);
  });

  test('two runners at once: every occurrence once, no invoice twice', async () => {
    const t = await tenant();
    const ids = await Promise.all(
      [1, 2, 3, 4, 5].map((d) => schedule(t, { startDate: `2027-01-0${d}`, startTime: '08:00:00' })),
    );
    const { advanceClock, locationNow } = await import('../../src/store/clocks.ts');
    const now = await locationNow(ctx.store.db, t.locationId, false);
    await advanceClock(
      ctx.store.db,
      t.locationId,
      Math.ceil((Date.parse('2027-03-10T00:00:00Z') - now.getTime()) / 1000),
    );
    const [a, b] = await Promise.all([
      runSchedulerOnce(run, SCHEDULES_TASK),
      runSchedulerOnce(runContext(boss, ctx.store), SCHEDULES_TASK),
    ]);
    assert.equal(a + b, 15);
    for (const id of ids) assert.equal((await runsOf(ctx.store, id)).length, 3);
    const dupes = await sql<{ n: number }>`
      select count(*)::int as n from (
        select invoice_id from invoice_schedule_runs group by invoice_id having count(*) > 1) d`.execute(
      ctx.store.db,
    );
    assert.equal(dupes.rows[0]!.n, 0);
  });

  test('a run that fails mid-way (its delivery job cannot be queued) leaves nothing; the next run creates it once', async () => {
    const t = await tenant();
    const id = await schedule(t, { startDate: '2027-01-15', count: 1 });
    let failures = 1;
    const flaky: SchedulerContext = {
      ...run,
      jobs: {
        enqueue: async (trx, delivery) => {
          if (failures-- > 0) throw new Error('the process died here');
          return run.jobs.enqueue(trx, delivery);
        },
      },
    };
    await assert.rejects(runAt(flaky, t.locationId, '2027-01-20T00:00:00Z'), /the process died here/);
    assert.equal((await runsOf(ctx.store, id)).length, 0, 'no occurrence after the rollback');
    const invoices = await ctx.store.db
      .selectFrom('invoices')
      .select('id')
      .where('location_id', '=', t.locationId)
      .execute();
    assert.equal(invoices.length, 0, 'no invoice after the rollback');
    assert.equal(await runSchedulerOnce(flaky, SCHEDULES_TASK), 1);
    const runs = await runsOf(ctx.store, id);
    assert.equal(runs.length, 1);
    assert.equal(runs[0]!.status, 'sent');
    assert.equal((await scheduleRow(id)).status, 'completed');
  });

  test('an occurrence that already ran (committed by another process) is not created again', async () => {
    const t = await tenant();
    const id = await schedule(t, { startDate: '2027-01-15', count: 2 });
    await ctx.store.db
      .insertInto('invoice_schedule_runs')
      .values({ schedule_id: id, occurrence_at: new Date('2027-01-15T09:00:00Z'), invoice_id: null })
      .execute();
    await runAt(run, t.locationId, '2027-03-01T00:00:00Z');
    const runs = await runsOf(ctx.store, id);
    assert.deepEqual(
      runs.map((r) => [r.at, r.id !== null]),
      [
        ['2027-01-15T09:00:00.000Z', false],
        ['2027-02-15T09:00:00.000Z', true],
      ],
    );
  });
});

describe('auto-payment', () => {
  test("a schedule with auto-payment: each run's invoice gets its charge through the auto-payment pipeline", async () => {
    const t = await tenant();
    await insertTestMethod(ctx.store.db, {
      id: `pm_sched_${t.locationId}`,
      locationId: t.locationId,
      customerRef: 'cus_sched',
      brand: 'visa',
      last4: '4242',
      outcome: 'succeeds',
    });
    const id = await schedule(t, { startDate: '2027-01-15', count: 2 });
    const autoPayment = {
      enable: true,
      customerId: 'cus_sched',
      paymentMethodId: `pm_sched_${t.locationId}`,
    };
    const set = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/schedule/${id}/auto-payment`,
      headers: authHeaders(t.locationToken),
      payload: { altId: t.locationId, altType: 'location', id, autoPayment },
    });
    assert.equal(set.statusCode, 200, set.body);
    await runAt(run, t.locationId, '2027-03-01T00:00:00Z');
    const runs = await runsOf(ctx.store, id);
    assert.equal(runs.length, 2);
    for (const r of runs) {
      const charges = await ctx.store.db
        .selectFrom('charges')
        .select(['method_ref', 'amount', 'status'])
        .where('invoice_id', '=', r.id!)
        .execute();
      assert.deepEqual(
        charges.map((c) => [c.method_ref, Number(c.amount)]),
        [[`pm_sched_${t.locationId}`, 10_000]],
      );
    }
  });
});
