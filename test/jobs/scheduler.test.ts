/**
 * The scheduler loop (src/jobs/scheduler.ts): it asks every task for due work each tick, again at once
 * after a full batch, keeps running the others when one fails, and stops cleanly. The tasks here count
 * rows of a real table, claimed the way the real tasks claim theirs (FOR UPDATE SKIP LOCKED).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { startQueue } from '../../src/jobs/queue.ts';
import {
  runSchedulerOnce,
  type SchedulerTask,
  schedulerContext,
  startScheduler,
} from '../../src/jobs/scheduler.ts';
import { paymentProviders } from '../../src/payment-providers.ts';
import { setupApp, type TestContext, testConfig } from '../fixtures/app.ts';

let ctx: TestContext;
let boss: PgBoss;
before(async () => {
  ctx = await setupApp();
  boss = await startQueue(ctx.databaseUrl, {});
  await sql`create table due_work (id serial primary key, done_by text)`.execute(ctx.store.db);
});
after(async () => {
  await boss.stop({ graceful: true, wait: true });
  await ctx.close();
});

async function addWork(count: number) {
  await sql`insert into due_work (done_by) select null from generate_series(1, ${count})`.execute(
    ctx.store.db,
  );
}

/** Marks up to `limit` undone rows as done by `name`, as one claim. */
function claimingTask(name: string, calls: number[] = []): SchedulerTask {
  return {
    name,
    async run(c, limit) {
      calls.push(limit);
      const done = await sql`
        update due_work set done_by = ${name} where id in (
          select id from due_work where done_by is null order by id limit ${limit} for update skip locked)
        returning id`.execute(c.store.db);
      return done.rows.length;
    },
  };
}

const doneBy = async () =>
  (
    await sql<{ done_by: string | null; n: number }>`
    select done_by, count(*)::int as n from due_work group by done_by order by done_by`.execute(ctx.store.db)
  ).rows;

test('runSchedulerOnce takes full batches again at once, until the task has no work left', async () => {
  await addWork(120);
  const calls: number[] = [];
  const context = schedulerContext({
    boss,
    store: ctx.store,
    config: testConfig(),
    providers: paymentProviders(ctx.store, testConfig()),
  });
  const done = await runSchedulerOnce(context, [claimingTask('once', calls)]);
  assert.equal(done, 120);
  // 50 + 50 + 20: the third batch was not full, so the pass ended; the second pass found nothing.
  assert.deepEqual(calls, [50, 50, 50, 50]);
  assert.deepEqual(await doneBy(), [{ done_by: 'once', n: 120 }]);
  await sql`delete from due_work`.execute(ctx.store.db);
});

test('two schedulers at once share the work without doing any of it twice; a failing task does not stop the others', async () => {
  await addWork(400);
  const failing: SchedulerTask = {
    name: 'broken',
    async run() {
      throw new Error('this task always fails');
    },
  };
  const errors: string[] = [];
  const log = { warn() {}, error: (obj: object) => errors.push(JSON.stringify(obj)) };
  const config = testConfig({ scheduler: { intervalMs: 20, catchUp: 'all' } });
  const providers = paymentProviders(ctx.store, testConfig());
  const loops = ['first', 'second'].map((name) =>
    startScheduler({ boss, store: ctx.store, config, providers, log, tasks: [failing, claimingTask(name)] }),
  );
  try {
    for (let i = 0; i < 200; i++) {
      const rows = await doneBy();
      if (!rows.some((r) => r.done_by === null)) break;
      await sleep(25);
    }
  } finally {
    await Promise.all(loops.map((l) => l.stop()));
  }
  const rows = await doneBy();
  assert.equal(
    rows.reduce((sum, r) => sum + (r.done_by === null ? 0 : r.n), 0),
    400,
    JSON.stringify(rows),
  );
  assert.ok(!rows.some((r) => r.done_by === null));
  assert.ok(errors.some((e) => e.includes('"task":"broken"') && e.includes('this task always fails')));

  // Stopped: new work stays undone.
  await addWork(5);
  await sleep(100);
  assert.equal((await doneBy()).find((r) => r.done_by === null)?.n, 5);
});
