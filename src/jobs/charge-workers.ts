/**
 * The charge workers: loops that take one auto-payment charge job at a time (each starts at its charge's
 * run_at) and hand it to runCharge (src/invoicing/charges.ts), which owns the charge's rows and calls.
 */
import type PgBoss from 'pg-boss';
import { buryCharge, runCharge } from '../invoicing/charges.ts';
import type { AutoPaymentContext } from '../invoicing/context.ts';
import { startLoops, times, type WorkerLogger, type Workers } from './job-loop.ts';
import { CHARGE_QUEUE, type ChargeJobData, DEAD_CHARGE_QUEUE } from './queue.ts';

export interface ChargeWorkerOptions {
  boss: PgBoss;
  ctx: AutoPaymentContext;
  /** Charge jobs in flight at once. */
  concurrency: number;
  pollingIntervalSeconds?: number;
  log?: WorkerLogger;
}

const ids = (data: ChargeJobData | undefined) => ({ chargeId: data?.chargeId });

export function startChargeWorkers(options: ChargeWorkerOptions): Workers {
  const { ctx } = options;
  return startLoops(
    options.boss,
    [
      ...times<ChargeJobData>(options.concurrency, {
        queue: CHARGE_QUEUE,
        handle: async (job) => {
          await runCharge(ctx, job.data.chargeId);
        },
        ids,
        failure: 'charge attempt failed',
      }),
      ...times<ChargeJobData>(1, {
        queue: DEAD_CHARGE_QUEUE,
        handle: (job) => buryCharge(ctx, job.data.chargeId),
        ids,
        failure: 'could not record a charge whose retries ran out',
      }),
    ],
    options,
  );
}
