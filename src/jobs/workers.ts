/**
 * The delivery workers: each loop takes one job at a time from pg-boss and hands it to the deliver use
 * case (src/invoicing/deliver.ts), which owns the delivery's rows and transactions.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import {
  buryDelivery,
  type DeliveryTransports,
  deliverOnce,
  errorMessage,
  type RenderDelivery,
} from '../invoicing/deliver.ts';
import type { Store } from '../store/db.ts';
import { DEAD_DELIVERY_QUEUE, DELIVERY_QUEUES, type DeliveryJobData } from './queue.ts';

export interface WorkerLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WorkerOptions {
  boss: PgBoss;
  store: Store;
  transports: DeliveryTransports;
  render: RenderDelivery;
  /** Jobs in flight at once per channel queue. */
  concurrency: number;
  /** How long an idle loop waits before asking for work again. */
  pollingIntervalSeconds?: number;
  log?: WorkerLogger;
}

export interface Workers {
  /** Stops taking jobs and waits for the ones in flight (up to timeoutMs); the caller then stops the boss. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export function startWorkers(options: WorkerOptions): Workers {
  const { boss } = options;
  const pollMs = (options.pollingIntervalSeconds ?? 1) * 1000;
  const stopping = new AbortController();
  // Every idle loop waits on this signal.
  setMaxListeners(0, stopping.signal);
  const log = options.log;

  const idle = async () => {
    await sleep(pollMs, undefined, { signal: stopping.signal }).catch(() => {});
  };

  // Our own loop rather than boss.work(): it takes the next job at once when there is one (work()
  // waits a polling interval after every job) and awaits complete/fail before taking another.
  async function loop(
    queue: string,
    handle: (job: PgBoss.JobWithMetadata<DeliveryJobData>) => Promise<void>,
  ) {
    while (!stopping.signal.aborted) {
      const job = await boss
        .fetch<DeliveryJobData>(queue, { batchSize: 1, includeMetadata: true })
        .then((jobs) => jobs[0])
        .catch((error: unknown) => {
          log?.error({ queue, err: errorMessage(error) }, 'could not fetch a job');
          return undefined;
        });
      if (job === undefined) {
        await idle();
        continue;
      }
      try {
        await handle(job);
        await boss.complete(queue, job.id);
      } catch (error) {
        log?.warn(
          { queue, jobId: job.id, deliveryId: job.data?.deliveryId, err: errorMessage(error) },
          'delivery attempt failed',
        );
        await boss.fail(queue, job.id, { message: errorMessage(error) }).catch((failError: unknown) => {
          // The job stays active until it expires, then pg-boss retries it.
          log?.error({ queue, jobId: job.id, err: errorMessage(failError) }, 'could not mark the job failed');
          return idle();
        });
      }
    }
  }

  const loops: Promise<void>[] = [];
  for (const queue of Object.values(DELIVERY_QUEUES)) {
    for (let i = 0; i < Math.max(1, options.concurrency); i++) {
      loops.push(loop(queue, (job) => deliverOnce(options, job.data.deliveryId, job)));
    }
  }
  loops.push(loop(DEAD_DELIVERY_QUEUE, (job) => buryDelivery(options, job.data.deliveryId)));

  return {
    async stop({ timeoutMs = 30_000 } = {}) {
      stopping.abort();
      const timeout = new AbortController();
      await Promise.race([
        Promise.allSettled(loops),
        sleep(timeoutMs, undefined, { signal: timeout.signal }).catch(() => {}),
      ]);
      timeout.abort();
    },
  };
}
