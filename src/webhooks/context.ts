/** What the webhook use cases need from the process that runs them. */
import type { WebhookConfig } from '../config.ts';
import type { Store, Tx } from '../store/db.ts';

/** Wakes a subscription's sender inside the caller's transaction (pg-boss, src/jobs/queue.ts). */
export interface WebhookJobs {
  wake(trx: Tx, subscriptionId: string, startAfter?: Date): Promise<void>;
}

export interface WebhookContext {
  store: Store;
  config: WebhookConfig;
  /** Absent in the CLI: the workers' fan-out loop then finds the work within a second. */
  jobs?: WebhookJobs;
}
