/**
 * One attempt at one delivery, for the delivery workers: render the message through `render`, send it
 * through the transport its row names, record the outcome in the row and the invoice's history.
 * Delivery is at least once: a worker killed between the send and the 'sent' update sends that message
 * again after its job expires; the stable messageId lets receivers notice.
 */
import type { EmailMessage, EmailTransport, SmsMessage, SmsTransport } from '../delivery/types.ts';
import type { Store, Tx } from '../store/db.ts';
import {
  claimDelivery,
  markDeliveryAttemptFailed,
  markDeliveryDead,
  markDeliverySent,
} from '../store/deliveries.ts';
import { recordEvent } from '../store/events.ts';
import type { DeliveredContent, DeliveryRow } from '../store/schema.ts';

export interface DeliveryTransports {
  /** Live transports; absent when not configured (a row naming one then fails with a clear error). */
  email?: EmailTransport;
  sms?: SmsTransport;
  outbox: { email: EmailTransport; sms: SmsTransport };
}

export type RenderDelivery = (delivery: DeliveryRow) => Promise<EmailMessage | SmsMessage>;

export interface DeliveryDeps {
  store: Store;
  transports: DeliveryTransports;
  render: RenderDelivery;
}

/** Where the job queue is with this delivery's job. */
export interface Attempt {
  /** Earlier attempts of the job. */
  retryCount: number;
  retryLimit: number;
}

const MAX_ERROR_LENGTH = 2000;

export function errorMessage(error: unknown): string {
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
  trx: Tx,
  row: DeliveryRow,
  type: 'delivery_sent' | 'delivery_failed',
  error?: string,
): Promise<void> {
  // An estimate's message has no invoice history: its row (status, attempts, error) is its record.
  if (row.invoice_id === null) return;
  await recordEvent(trx, {
    invoiceId: row.invoice_id,
    locationId: row.location_id,
    type,
    actor: { system: 'delivery-worker' },
    data: {
      deliveryId: row.id,
      channel: row.channel,
      transport: row.transport,
      recipient: row.recipient,
      messageId: row.message_id,
      attempts: row.attempts,
      ...(error === undefined ? {} : { error }),
    },
  });
}

/**
 * Delivers once. Throws to have the job retried; returns when the delivery is settled (sent, already
 * sent, or failed for good).
 */
export async function deliverOnce(deps: DeliveryDeps, deliveryId: string, attempt: Attempt): Promise<void> {
  const { db } = deps.store;
  const row = await claimDelivery(db, deliveryId);
  if (row === undefined) return;
  try {
    const message = await deps.render(row);
    if (isEmail(message) !== (row.channel === 'email')) {
      throw new Error(`render returned the wrong kind of message for a ${row.channel} delivery`);
    }
    const transport = pickTransport(row, deps.transports);
    const { providerId } = await (
      transport as { send(m: typeof message): Promise<{ providerId: string }> }
    ).send(message);
    const { content, pdf } = deliveredContent(message);
    await db.transaction().execute(async (trx) => {
      await markDeliverySent(trx, row.id, { providerId, content, pdf });
      await recordOutcome(trx, row, 'delivery_sent');
    });
  } catch (error) {
    const message = errorMessage(error);
    // A transport that says retrying cannot help (a rejected number, bad credentials) ends it now.
    const permanent = (error as { retryable?: unknown }).retryable === false;
    const final = permanent || attempt.retryCount >= attempt.retryLimit;
    await db.transaction().execute(async (trx) => {
      await markDeliveryAttemptFailed(trx, row.id, { final, error: message });
      if (final) await recordOutcome(trx, row, 'delivery_failed', message);
    });
    if (!permanent) throw error;
  }
}

/**
 * A job whose retries ran out lands in the dead-letter queue, also when its last attempt expired
 * (a killed worker) and no attempt could record the failure: the delivery is failed now.
 */
export async function buryDelivery(deps: Pick<DeliveryDeps, 'store'>, deliveryId: string): Promise<void> {
  await deps.store.db.transaction().execute(async (trx) => {
    const row = await markDeliveryDead(trx, deliveryId);
    if (row) await recordOutcome(trx, row, 'delivery_failed', row.last_error ?? undefined);
  });
}
