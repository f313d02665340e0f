/**
 * The scheduler: one periodic loop per worker process that asks each task for its due work (recurring
 * schedules, reminders, late fees). Tasks are use cases that claim their rows with FOR UPDATE SKIP LOCKED
 * and unique keys, so any number of processes may run this loop at once; the time they compare with is
 * the database's, moved by a location's test clock for test-mode data (src/store/clocks.ts).
 */
import type PgBoss from 'pg-boss';
import type { Config } from '../config.ts';
import { applyDueLateFees } from '../invoicing/apply-late-fees.ts';
import type { PaymentProviders, SchedulerContext } from '../invoicing/context.ts';
import { errorMessage } from '../invoicing/deliver.ts';
import { sendDueReminders } from '../invoicing/reminders.ts';
import { runDueSchedules } from '../invoicing/run-schedules.ts';
import type { Store } from '../store/db.ts';
import { deleteExpiredSignIns } from '../store/sessions.ts';
import type { WorkerLogger } from './job-loop.ts';
import { type Periodic, startPeriodic } from './periodic.ts';
import { chargeJobs, deliveryJobs } from './queue.ts';

export interface SchedulerTask {
  name: string;
  /**
   * Does up to `limit` items of due work, each in its own transaction, and returns how many it did; a
   * full batch makes the loop ask again at once.
   */
  run(ctx: SchedulerContext, limit: number): Promise<number>;
}

/** In the order a tick runs them. */
export const TASKS: SchedulerTask[] = [
  { name: 'schedules', run: runDueSchedules },
  // Before reminders: a reminder states the amount due with the fees of its time.
  { name: 'late-fees', run: applyDueLateFees },
  { name: 'reminders', run: sendDueReminders },
  // Dashboard sessions past their end and used or expired sign-in links (idle ones end when next seen).
  { name: 'sign-ins', run: (ctx, limit) => deleteExpiredSignIns(ctx.store.db, limit) },
];

const BATCH = 50;
/** Full batches one task may run in a row before the others get their turn (and the loop its pause). */
const MAX_ROUNDS = 20;

async function runTask(ctx: SchedulerContext, task: SchedulerTask, signal?: AbortSignal): Promise<number> {
  let total = 0;
  for (let round = 0; round < MAX_ROUNDS && !signal?.aborted; round++) {
    const done = await task.run(ctx, BATCH);
    total += done;
    if (done < BATCH) break;
  }
  return total;
}

/** For tests and the CLI: runs the tasks until none has due work left (bounded). Returns the work done. */
export async function runSchedulerOnce(
  ctx: SchedulerContext,
  tasks: SchedulerTask[] = TASKS,
): Promise<number> {
  let total = 0;
  for (let pass = 0; pass < 10; pass++) {
    let done = 0;
    for (const task of tasks) done += await runTask(ctx, task);
    total += done;
    if (done === 0) break;
  }
  return total;
}

export function schedulerContext(options: {
  boss: PgBoss;
  store: Store;
  config: Config;
  providers: PaymentProviders;
}): SchedulerContext {
  const { boss, config } = options;
  return {
    store: options.store,
    jobs: deliveryJobs(boss),
    chargeJobs: chargeJobs(boss),
    transports: { smtp: config.delivery.smtpUrl !== undefined, twilio: config.delivery.twilio !== undefined },
    publicUrl: config.publicUrl,
    sendsPerHour: config.limits.sendsPerInvoicePerHour,
    providers: options.providers,
    catchUp: config.scheduler.catchUp,
  };
}

export function startScheduler(options: {
  boss: PgBoss;
  store: Store;
  config: Config;
  providers: PaymentProviders;
  log?: WorkerLogger;
  tasks?: SchedulerTask[];
}): Periodic {
  const ctx = schedulerContext(options);
  const tasks = options.tasks ?? TASKS;
  return startPeriodic(
    options.config.scheduler.intervalMs,
    async (signal) => {
      for (const task of tasks) {
        if (signal.aborted) return;
        // One task failing (its rows, its provider) must not keep the others from running.
        await runTask(ctx, task, signal).catch((error: unknown) =>
          options.log?.error({ task: task.name, err: errorMessage(error) }, 'scheduler task failed'),
        );
      }
    },
    (error) => options.log?.error({ err: errorMessage(error) }, 'scheduler tick failed'),
  );
}
