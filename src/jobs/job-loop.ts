/**
 * Worker loops over pg-boss queues: each takes one job at a time and hands it to a use case, which owns
 * its rows and transactions. A job that throws is failed, and pg-boss retries it by its queue's policy.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { errorMessage } from '../invoicing/deliver.ts';

export interface WorkerLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Workers {
  /** Stops taking jobs and waits for the ones in flight (up to timeoutMs); the caller then stops the boss. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

/** One loop: a queue, what a job of it does, and how a failed attempt is logged. */
export interface LoopSpec<T extends object> {
  queue: string;
  handle(job: PgBoss.JobWithMetadata<T>): Promise<void>;
  /** The ids a log line about a failed attempt names, e.g. { deliveryId }. */
  ids(data: T | undefined): object;
  failure: string;
}

export function startLoops(
  boss: PgBoss,
  specs: LoopSpec<object>[],
  options: { pollingIntervalSeconds?: number; log?: WorkerLogger } = {},
): Workers {
  const pollMs = (options.pollingIntervalSeconds ?? 1) * 1000;
  const stopping = new AbortController();
  // Every idle loop waits on this signal.
  setMaxListeners(0, stopping.signal);
  const { log } = options;

  const idle = async () => {
    await sleep(pollMs, undefined, { signal: stopping.signal }).catch(() => {});
  };

  // Our own loop rather than boss.work(): it takes the next job at once when there is one (work()
  // waits a polling interval after every job) and awaits complete/fail before taking another.
  async function loop<T extends object>({ queue, handle, ids, failure }: LoopSpec<T>) {
    while (!stopping.signal.aborted) {
      const job = await boss
        .fetch<T>(queue, { batchSize: 1, includeMetadata: true })
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
        log?.warn({ queue, jobId: job.id, ...ids(job.data), err: errorMessage(error) }, failure);
        await boss.fail(queue, job.id, { message: errorMessage(error) }).catch((failError: unknown) => {
          // The job stays active until it expires, then pg-boss retries it.
          log?.error({ queue, jobId: job.id, err: errorMessage(failError) }, 'could not mark the job failed');
          return idle();
        });
      }
    }
  }

  const loops = specs.map((spec) => loop(spec));
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

/** `count` loops of one spec (WORKER_CONCURRENCY jobs of a queue at once). */
export function times<T extends object>(count: number, spec: LoopSpec<T>): LoopSpec<object>[] {
  return Array.from({ length: Math.max(1, count) }, () => spec);
}
