/**
 * Deliveries: one row per message a send asks for. A worker moves it queued -> sending (attempt n,
 * committed before the transport is called) -> sent, or back to queued with the error, then failed.
 * The dev outbox is the rows whose transport is 'outbox'.
 */
import { sql } from 'kysely';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';
import type { DeliveredContent, DeliveryRequest, DeliveryRow } from './schema.ts';

export interface NewDelivery {
  id: string;
  invoiceId: string;
  locationId: string;
  sendEventId: string | null;
  channel: DeliveryRow['channel'];
  transport: DeliveryRow['transport'];
  recipient: string;
  messageId: string;
  request: DeliveryRequest;
  /** Only for deliveries created already settled (tests of redelivery). */
  status?: DeliveryRow['status'];
  attempts?: number;
  providerId?: string;
}

type DeliveryValues = Required<Omit<NewDelivery, 'request' | 'providerId'>> & {
  request: string;
  providerId: string | null;
};

const insertRow = statement((db, p: DeliveryValues) =>
  db.insertInto('deliveries').values({
    id: p.id,
    invoice_id: p.invoiceId,
    location_id: p.locationId,
    send_event_id: p.sendEventId,
    channel: p.channel,
    transport: p.transport,
    recipient: p.recipient,
    message_id: p.messageId,
    request: p.request,
    status: p.status,
    attempts: p.attempts,
    provider_id: p.providerId,
  }),
);

export async function insertDelivery(trx: Db, delivery: NewDelivery): Promise<void> {
  await insertRow.run(trx, {
    ...delivery,
    request: JSON.stringify(delivery.request),
    status: delivery.status ?? 'queued',
    attempts: delivery.attempts ?? 0,
    providerId: delivery.providerId ?? null,
  });
}

const claim = statement((db, p: { id: string; now: Date }) =>
  db
    .updateTable('deliveries')
    .set({ status: 'sending', attempts: sql<number>`attempts + 1`, updated_at: p.now })
    .where('id', '=', p.id)
    // A redelivery of a job whose message we know went out must not send it again.
    .where('status', '<>', 'sent')
    .returningAll(),
);

/** Marks the delivery 'sending' and counts the attempt; undefined when there is nothing to send. */
export async function claimDelivery(db: Db, deliveryId: string): Promise<DeliveryRow | undefined> {
  const [row] = await claim.run(db, { id: deliveryId, now: new Date() });
  return row;
}

const sent = statement(
  (db, p: { id: string; providerId: string; content: string; pdf: Buffer | null; now: Date }) =>
    db
      .updateTable('deliveries')
      .set({
        status: 'sent',
        provider_id: p.providerId,
        content: p.content,
        pdf: p.pdf,
        last_error: null,
        sent_at: p.now,
        updated_at: p.now,
      })
      .where('id', '=', p.id),
);

export async function markDeliverySent(
  trx: Tx,
  deliveryId: string,
  outcome: { providerId: string; content: DeliveredContent; pdf: Buffer | null },
): Promise<void> {
  await sent.run(trx, {
    id: deliveryId,
    providerId: outcome.providerId,
    content: JSON.stringify(outcome.content),
    pdf: outcome.pdf,
    now: new Date(),
  });
}

const attemptFailed = statement(
  (db, p: { id: string; status: DeliveryRow['status']; error: string; now: Date }) =>
    db
      .updateTable('deliveries')
      .set({ status: p.status, last_error: p.error, updated_at: p.now })
      .where('id', '=', p.id)
      .where('status', '=', 'sending'),
);

/** After a failed attempt: back to 'queued' for a retry, or 'failed' when it was the last. */
export async function markDeliveryAttemptFailed(
  trx: Tx,
  deliveryId: string,
  failure: { final: boolean; error: string },
): Promise<void> {
  await attemptFailed.run(trx, {
    id: deliveryId,
    status: failure.final ? 'failed' : 'queued',
    error: failure.error,
    now: new Date(),
  });
}

const bury = statement((db, p: { id: string; now: Date }) =>
  db
    .updateTable('deliveries')
    .set({
      status: 'failed',
      last_error: sql<string>`coalesce(last_error, 'the delivery did not finish before its job expired')`,
      updated_at: p.now,
    })
    .where('id', '=', p.id)
    .where('status', 'in', ['queued', 'sending'])
    .returningAll(),
);

/** A delivery whose job ran out of attempts without recording it: failed now; undefined if already settled. */
export async function markDeliveryDead(trx: Tx, deliveryId: string): Promise<DeliveryRow | undefined> {
  const [row] = await bury.run(trx, { id: deliveryId, now: new Date() });
  return row;
}

/**
 * Not a live-mode message: its invoice is in test mode and its send was too. A live message that went
 * to the outbox only because SMTP or Twilio is not configured is never shown (README "Dev outbox").
 */
const testModeOnly = sql<boolean>`not exists (
    select 1 from invoices i where i.id = deliveries.invoice_id and i.live_mode
  ) and not exists (
    select 1 from invoice_events e
    where e.invoice_id = deliveries.invoice_id and e.type = 'sent'
      and e.data->>'sendId' = deliveries.send_event_id and e.data->>'liveMode' = 'true'
  ) and not exists (
    select 1 from estimates s where s.id = deliveries.estimate_id and s.live_mode
  ) and coalesce(deliveries.request->>'liveMode', 'false') <> 'true'`;

export interface OutboxQuery {
  limit: number;
  offset: number;
  invoiceId?: string;
  locationId?: string;
}

export type OutboxListed = Omit<DeliveryRow, 'pdf' | 'request'> & { has_pdf: boolean };

/** Outbox messages, newest first, without their PDFs. */
export async function listOutbox(db: Db, query: OutboxQuery): Promise<OutboxListed[]> {
  let q = db
    .selectFrom('deliveries')
    .select((eb) => [
      'id',
      'invoice_id',
      'estimate_id',
      'location_id',
      'send_event_id',
      'channel',
      'transport',
      'recipient',
      'message_id',
      'status',
      'attempts',
      'last_error',
      'provider_id',
      'content',
      'created_at',
      'updated_at',
      'sent_at',
      eb('pdf', 'is not', null).as('has_pdf'),
    ])
    .where('transport', '=', 'outbox')
    .where(testModeOnly);
  if (query.invoiceId !== undefined) q = q.where('invoice_id', '=', query.invoiceId);
  if (query.locationId !== undefined) q = q.where('location_id', '=', query.locationId);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return rows.map((row) => ({ ...row, has_pdf: Boolean(row.has_pdf) }));
}

const outboxMessage = statement((db, p: { id: string }) =>
  db
    .selectFrom('deliveries')
    .select(['channel', 'content', 'pdf'])
    .where('id', '=', p.id)
    .where('transport', '=', 'outbox')
    .where(testModeOnly),
);

/** One outbox message as delivered (content and PDF), or undefined. */
export async function findOutboxMessage(db: Db, id: string) {
  const [row] = await outboxMessage.run(db, { id });
  return row;
}
