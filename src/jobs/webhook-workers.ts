/**
 * The webhook workers: the fan-out loop (committed events become deliveries, and due subscriptions are
 * woken) and the sender loops, which take one subscription's wake-up at a time from pg-boss and send its
 * first pending delivery (src/webhooks/deliver.ts).
 */
import type PgBoss from 'pg-boss';
import type { WebhookConfig } from '../config.ts';
import { errorMessage } from '../invoicing/deliver.ts';
import type { Store } from '../store/db.ts';
import type { WebhookContext } from '../webhooks/context.ts';
import { sendNextDelivery } from '../webhooks/deliver.ts';
import { fanOutEvents, wakeDueSubscriptions } from '../webhooks/fan-out.ts';
import { startLoops, times, type WorkerLogger, type Workers } from './job-loop.ts';
import { startPeriodic } from './periodic.ts';
import { WEBHOOK_QUEUE, type WebhookJobData, webhookJobs } from './queue.ts';

export interface WebhookWorkerOptions {
  boss: PgBoss;
  store: Store;
  config: WebhookConfig;
  /** Subscriptions sent to at once. */
  concurrency: number;
  /** How often the fan-out loop looks for new events and due deliveries (default 500 ms). */
  fanOutIntervalMs?: number;
  pollingIntervalSeconds?: number;
  log?: WorkerLogger;
}

const ids = (data: WebhookJobData | undefined) => ({ subscriptionId: data?.subscriptionId });

function startFanOut(ctx: WebhookContext, intervalMs: number, log?: WorkerLogger) {
  return startPeriodic(
    intervalMs,
    async (signal) => {
      // A full batch means more may wait: take the next at once.
      while ((await fanOutEvents(ctx)) >= 200 && !signal.aborted) {}
      await wakeDueSubscriptions(ctx);
    },
    (error) => log?.error({ err: errorMessage(error) }, 'webhook fan-out failed'),
  );
}

export function startWebhookWorkers(options: WebhookWorkerOptions): Workers {
  const ctx: WebhookContext = {
    store: options.store,
    config: options.config,
    jobs: webhookJobs(options.boss),
  };
  const fanOut = startFanOut(ctx, options.fanOutIntervalMs ?? 500, options.log);
  const senders = startLoops(
    options.boss,
    times<WebhookJobData>(options.concurrency, {
      queue: WEBHOOK_QUEUE,
      handle: (job) => sendNextDelivery(ctx, job.data.subscriptionId),
      ids,
      failure: 'webhook attempt failed',
    }),
    options,
  );
  return {
    async stop(stopOptions) {
      await Promise.all([fanOut.stop(), senders.stop(stopOptions)]);
    },
  };
}
