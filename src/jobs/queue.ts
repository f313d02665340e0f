/**
 * The job queues (pg-boss 10, in its own 'pgboss' schema of our database): deliveries, and auto-payment
 * charges. Jobs are inserted in the caller's Kysely transaction, so a send that rolls back leaves no job
 * behind, and a committed send always has its jobs.
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { DeliveryConfig } from '../config.ts';
import type { Channel } from '../domain/send.ts';
import type { ChargeJobs, DeliveryJobs } from '../invoicing/context.ts';
import type { Tx } from '../store/db.ts';
import { queueDb, queueExists, withQueueSetupLock } from '../store/jobs.ts';
import type { WebhookJobs } from '../webhooks/context.ts';

export const QUEUE_SCHEMA = 'pgboss';

export const DELIVERY_QUEUES = {
  email: 'delivery.email',
  sms: 'delivery.sms',
} as const satisfies Record<Channel, string>;

/** Jobs whose retries ran out (also through expiry after a crash) land here; see workers.ts. */
export const DEAD_DELIVERY_QUEUE = 'delivery.dead';

export interface DeliveryJobData {
  deliveryId: string;
}

/** An auto-payment charge attempt runs at its run_at (startAfter); see charge-workers.ts. */
export const CHARGE_QUEUE = 'charges.run';
/** Charge jobs whose retries ran out: the provider could not be reached for hours. */
export const DEAD_CHARGE_QUEUE = 'charges.dead';

export interface ChargeJobData {
  chargeId: string;
}

/**
 * Wake-ups of a subscription's webhook sender (src/webhooks/deliver.ts). Policy 'short': at most one
 * queued per subscription (its singletonKey), so waking it again while one waits adds nothing.
 */
export const WEBHOOK_QUEUE = 'webhooks.send';

export interface WebhookJobData {
  subscriptionId: string;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Seconds before the first retry; doubled for each further one when retryBackoff is on. */
  retryDelay: number;
  retryBackoff: boolean;
  /**
   * An active job not finished within this many seconds counts as failed and is retried: this is how
   * the jobs of a killed worker come back. Transports must time out well before it, or a slow send can
   * overlap its own retry.
   */
  expireInSeconds: number;
}

const DEFAULT_RETRY: RetryPolicy = {
  retryLimit: 5,
  retryDelay: 2,
  retryBackoff: true,
  // The default of DELIVERY_TIMEOUT_SECONDS (src/config.ts).
  expireInSeconds: 120,
};

/**
 * A charge whose provider call threw (network, 5xx), or whose worker was killed, is retried with its
 * same idempotency key: 12 times from 5-10 s, doubling, about 8 hours in all, well within the 24 hours
 * Stripe keeps a key.
 */
const CHARGE_RETRY = { retryLimit: 12, retryDelay: 5, retryBackoff: true };

export interface QueueOptions {
  retry?: Partial<RetryPolicy>;
  /**
   * Run pg-boss maintenance in this process every so many seconds: expire the active jobs of a killed
   * worker (so they are retried) and archive and drop finished ones. Unset: this process never runs it,
   * which is right for one without workers (in an API process it stalls requests, docs/benchmarks.md).
   */
  maintenanceIntervalSeconds?: number;
  /** State counts for metrics; off unless asked for. */
  monitorStateIntervalSeconds?: number;
  /** Create (and update) the delivery queues on start. */
  createQueues?: boolean;
  /** Connections pg-boss keeps for itself. */
  max?: number;
}

/**
 * The queue settings of the configuration. Every process that starts a queue (API and workers) must use
 * them: createQueues writes the retry policy into pgboss.queue, so the last process to start wins.
 * `maintenance`: whether this process runs workers, and so the maintenance that gives them back the jobs
 * of a killed worker.
 */
export function queueOptionsFor(
  delivery: Pick<DeliveryConfig, 'deliveryTimeoutSeconds' | 'queueMaintenanceSeconds'>,
  where: { maintenance: boolean },
): QueueOptions {
  return {
    retry: { expireInSeconds: delivery.deliveryTimeoutSeconds },
    ...(where.maintenance ? { maintenanceIntervalSeconds: delivery.queueMaintenanceSeconds } : {}),
  };
}

export async function startQueue(databaseUrl: string, options: QueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: 'hl-invoices-jobs',
    max: options.max ?? 4,
    // supervise is only the maintenance timer; start() still installs or migrates the pgboss schema.
    ...(options.maintenanceIntervalSeconds !== undefined
      ? { supervise: true, maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }
      : { supervise: false }),
    // No cron schedules are used; the timekeeper would only poll the clock.
    schedule: false,
    ...(options.monitorStateIntervalSeconds
      ? { monitorStateIntervalSeconds: options.monitorStateIntervalSeconds }
      : {}),
  });
  // pg-boss reports connection trouble as events; without a listener Node would throw them.
  boss.on('error', () => {});
  await withQueueSetupLock(databaseUrl, async () => {
    await boss.start();
    if (options.createQueues ?? true) await createQueues(boss, options.retry);
  });
  return boss;
}

/** Idempotent; also applies a changed retry policy to existing queues. */
async function createQueues(boss: PgBoss, retry: Partial<RetryPolicy> = {}): Promise<void> {
  const policy = { ...DEFAULT_RETRY, ...retry };
  await boss.createQueue(DEAD_DELIVERY_QUEUE, { name: DEAD_DELIVERY_QUEUE, retryLimit: 3, retryDelay: 5 });
  for (const name of Object.values(DELIVERY_QUEUES)) {
    const queue = { name, policy: 'standard' as const, ...policy, deadLetter: DEAD_DELIVERY_QUEUE };
    await boss.createQueue(name, queue);
    await boss.updateQueue(name, queue);
  }
  await boss.createQueue(DEAD_CHARGE_QUEUE, { name: DEAD_CHARGE_QUEUE, retryLimit: 3, retryDelay: 5 });
  const charges = {
    name: CHARGE_QUEUE,
    policy: 'standard' as const,
    ...CHARGE_RETRY,
    // A killed worker's charge comes back as soon as a delivery's would.
    expireInSeconds: policy.expireInSeconds,
    deadLetter: DEAD_CHARGE_QUEUE,
  };
  await boss.createQueue(CHARGE_QUEUE, charges);
  await boss.updateQueue(CHARGE_QUEUE, charges);
  // Retries and their schedule are the delivery's own (next_attempt_at); a job is retried only when its
  // worker died or the database failed, and the fan-out loop wakes a due subscription anyway.
  const webhooks = {
    name: WEBHOOK_QUEUE,
    policy: 'short' as const,
    retryLimit: 3,
    retryDelay: 1,
    expireInSeconds: policy.expireInSeconds,
  };
  await boss.createQueue(WEBHOOK_QUEUE, webhooks);
  await boss.updateQueue(WEBHOOK_QUEUE, webhooks);
}

/**
 * The job id of a row: a UUID (version 5 layout) derived from its id, so enqueueing the same delivery
 * or charge again is an insert conflict that pg-boss ignores. (singletonKey would not do: on a
 * 'standard' queue it has no unique index.)
 */
function jobIdFor(kind: 'delivery' | 'charge', rowId: string): string {
  const hash = createHash('sha1').update(`hl-invoices:${kind}:${rowId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const deliveryJobId = (deliveryId: string): string => jobIdFor('delivery', deliveryId);
export const chargeJobId = (chargeId: string): string => jobIdFor('charge', chargeId);

/**
 * Queues the delivery's job inside `trx`. Returns true when a job was added, false when the delivery
 * already had one. Throws when the queue does not exist (createQueues was never run), because a
 * committed delivery without a job would never be delivered.
 */
export async function enqueueDelivery(
  trx: Tx,
  boss: PgBoss,
  delivery: { id: string; channel: Channel },
): Promise<boolean> {
  const name = DELIVERY_QUEUES[delivery.channel];
  const data: DeliveryJobData = { deliveryId: delivery.id };
  const id = await boss.send(name, data, { id: deliveryJobId(delivery.id), db: queueDb(trx) });
  if (id !== null) return true;
  if (!(await queueExists(trx, QUEUE_SCHEMA, name))) {
    throw new Error(`job queue ${name} does not exist: run createQueues first`);
  }
  return false;
}

/** The use cases' DeliveryJobs on this queue. */
export function deliveryJobs(boss: PgBoss): DeliveryJobs {
  return { enqueue: (trx, delivery) => enqueueDelivery(trx, boss, delivery) };
}

/** Queues the charge's job inside `trx`, to start at `runAt`; false when the charge already had one. */
export async function enqueueCharge(
  trx: Tx,
  boss: PgBoss,
  charge: { id: string; runAt: Date },
): Promise<boolean> {
  const data: ChargeJobData = { chargeId: charge.id };
  const options = { id: chargeJobId(charge.id), startAfter: charge.runAt, db: queueDb(trx) };
  if ((await boss.send(CHARGE_QUEUE, data, options)) !== null) return true;
  if (!(await queueExists(trx, QUEUE_SCHEMA, CHARGE_QUEUE))) {
    throw new Error(`job queue ${CHARGE_QUEUE} does not exist: run createQueues first`);
  }
  return false;
}

/** The use cases' ChargeJobs on this queue. */
export function chargeJobs(boss: PgBoss): ChargeJobs {
  return { enqueue: (trx, charge) => enqueueCharge(trx, boss, charge) };
}

/** The webhook use cases' WebhookJobs on this queue: a wake-up inside the caller's transaction. */
export function webhookJobs(boss: PgBoss): WebhookJobs {
  return {
    async wake(trx, subscriptionId, startAfter) {
      const data: WebhookJobData = { subscriptionId };
      await boss.send(WEBHOOK_QUEUE, data, {
        singletonKey: subscriptionId,
        ...(startAfter ? { startAfter } : {}),
        db: queueDb(trx),
      });
    },
  };
}
