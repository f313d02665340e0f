/**
 * The delivery workers: loops that take one job at a time from pg-boss and hand it to the deliver use
 * case (src/invoicing/deliver.ts), which owns the delivery's rows and transactions.
 */
import type PgBoss from 'pg-boss';
import {
  buryDelivery,
  type DeliveryTransports,
  deliverOnce,
  type RenderDelivery,
} from '../invoicing/deliver.ts';
import type { Store } from '../store/db.ts';
import { type LoopSpec, startLoops, times, type WorkerLogger, type Workers } from './job-loop.ts';
import { DEAD_DELIVERY_QUEUE, DELIVERY_QUEUES, type DeliveryJobData } from './queue.ts';

export type { WorkerLogger, Workers } from './job-loop.ts';

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

const ids = (data: DeliveryJobData | undefined) => ({ deliveryId: data?.deliveryId });

export function startWorkers(options: WorkerOptions): Workers {
  const specs: LoopSpec<object>[] = [];
  for (const queue of Object.values(DELIVERY_QUEUES)) {
    specs.push(
      ...times<DeliveryJobData>(options.concurrency, {
        queue,
        handle: (job) => deliverOnce(options, job.data.deliveryId, job),
        ids,
        failure: 'delivery attempt failed',
      }),
    );
  }
  specs.push(
    ...times<DeliveryJobData>(1, {
      queue: DEAD_DELIVERY_QUEUE,
      handle: (job) => buryDelivery(options, job.data.deliveryId),
      ids,
      failure: 'could not record a failed delivery',
    }),
  );
  return startLoops(options.boss, specs, options);
}
