/**
 * The delivery workers: each loop takes one job at a time from pg-boss, renders the delivery through the
 * injected `render`, sends it through the transport its row names, and records the outcome in the row
 * and in invoice_events. Delivery is at least once: a worker killed between the send and the 'sent'
 * update sends that message again after the job expires; the stable messageId lets receivers notice.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Kysely, sql, type Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import type { EmailMessage, EmailTransport, SmsMessage, SmsTransport } from '../delivery/types.ts';
import type { Store } from '../store/db.ts';
import type { Database, DeliveredContent, DeliveryRow } from '../store/schema.ts';
import { DEAD_DELIVERY_QUEUE, DELIVERY_QUEUES, type DeliveryJobData } from './queue.ts';

export interface DeliveryTransports {
  /** Live transports; absent when not configured (a row naming one then fails with a clear error). */
  email?: EmailTransport;
  sms?: SmsTransport;
  outbox: { email: EmailTransport; sms: SmsTransport };
}

export type RenderDelivery = (delivery: DeliveryRow) => Promise<EmailMessage | SmsMessage>;

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

const MAX_ERROR_LENGTH = 2000;

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message === '' ? 'unknown error' : message).slice(0, MAX_ERROR_LENGTH);
}

function isEmail(message: EmailMessage | SmsMessage): message is EmailMessage {
  return 'subject' in message;
}

function pickTransport(row: DeliveryRow, transports: DeliveryTransports): EmailTransport | SmsTransport {
  if (row.transport === 'outbox') return transports.outbox[row.channel];
  const live = row.channel === 'email' ? transports.email : transports.sms;
  const expected = row.channel === 'email' ? 'smtp' : 'twilio';
  if (row.transport !== expected || live === undefined) {
    throw new Error(
      `${row.channel} delivery via ${row.transport} is not possible: that transport is not configured`,
    );
  }
  return live;
}

function deliveredContent(message: EmailMessage | SmsMessage): {
  content: DeliveredContent;
  pdf: Buffer | null;
} {
  if (!isEmail(message)) return { content: { to: [message.to], body: message.body }, pdf: null };
  const { subject, from, replyTo, to, cc, bcc, html, text } = message;
  const pdf = message.attachments.find((a) => a.contentType === 'application/pdf')?.content ?? null;
  return { content: { subject, from, replyTo, to, cc, bcc, html, text }, pdf };
}

async function recordOutcome(
  trx: Transaction<Database>,
  row: DeliveryRow,
  type: 'delivery_sent' | 'delivery_failed',
  error?: string,
) {
  await trx
    .insertInto('invoice_events')
    .values({
      invoice_id: row.invoice_id,
      location_id: row.location_id,
      type,
      actor: JSON.stringify({ system: 'delivery-worker' }),
      data: JSON.stringify({
        deliveryId: row.id,
        channel: row.channel,
        transport: row.transport,
        recipient: row.recipient,
        messageId: row.message_id,
        attempts: row.attempts,
        ...(error === undefined ? {} : { error }),
      }),
    })
    .execute();
}

/** Marks the delivery 'sending' and counts the attempt; undefined when there is nothing to send. */
async function claim(db: Kysely<Database>, deliveryId: string): Promise<DeliveryRow | undefined> {
  return (
    db
      .updateTable('deliveries')
      .set({ status: 'sending', attempts: sql`attempts + 1`, updated_at: new Date() })
      .where('id', '=', deliveryId)
      // A redelivery of a job whose message we know went out must not send it again.
      .where('status', '<>', 'sent')
      .returningAll()
      .executeTakeFirst()
  );
}

/** One attempt at one delivery; throws to have pg-boss retry it. */
async function deliver(job: PgBoss.JobWithMetadata<DeliveryJobData>, options: WorkerOptions): Promise<void> {
  const { db } = options.store;
  const row = await claim(db, job.data.deliveryId);
  if (row === undefined) return;
  try {
    const message = await options.render(row);
    if (isEmail(message) !== (row.channel === 'email')) {
      throw new Error(`render returned the wrong kind of message for a ${row.channel} delivery`);
    }
    const transport = pickTransport(row, options.transports);
    const { providerId } = await (
      transport as { send(m: typeof message): Promise<{ providerId: string }> }
    ).send(message);
    const { content, pdf } = deliveredContent(message);
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      await trx
        .updateTable('deliveries')
        .set({
          status: 'sent',
          provider_id: providerId,
          content: JSON.stringify(content),
          pdf,
          last_error: null,
          sent_at: now,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
      await recordOutcome(trx, row, 'delivery_sent');
    });
  } catch (error) {
    const message = errorMessage(error);
    // A transport that says retrying cannot help (a rejected number, bad credentials) ends it now.
    const permanent = (error as { retryable?: unknown }).retryable === false;
    // pg-boss's retryCount is the number of earlier attempts; at the limit this was the last one.
    const final = permanent || job.retryCount >= job.retryLimit;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('deliveries')
        .set({ status: final ? 'failed' : 'queued', last_error: message, updated_at: new Date() })
        .where('id', '=', row.id)
        .where('status', '=', 'sending')
        .execute();
      if (final) await recordOutcome(trx, row, 'delivery_failed', message);
    });
    if (!permanent) throw error;
  }
}

/**
 * A job whose retries ran out lands in the dead-letter queue, also when its last attempt expired
 * (a killed worker) and no handler could record the failure.
 */
async function buryDead(job: PgBoss.Job<DeliveryJobData>, options: WorkerOptions): Promise<void> {
  await options.store.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('deliveries')
      .set({
        status: 'failed',
        last_error: sql`coalesce(last_error, 'the delivery did not finish before its job expired')`,
        updated_at: new Date(),
      })
      .where('id', '=', job.data.deliveryId)
      .where('status', 'in', ['queued', 'sending'])
      .returningAll()
      .executeTakeFirst();
    if (row) await recordOutcome(trx, row, 'delivery_failed', row.last_error ?? undefined);
  });
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
      loops.push(loop(queue, (job) => deliver(job, options)));
    }
  }
  loops.push(loop(DEAD_DELIVERY_QUEUE, (job) => buryDead(job, options)));

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
