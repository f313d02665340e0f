/**
 * Everything a send writes, in one statement: the invoice's new state, its deliveries, its history
 * record and its webhook event (one round trip instead of one per row; docs/benchmarks.md). The caller
 * holds the invoice's row lock and computed the new state from the row it read, so nothing is read back.
 */
import { sql } from 'kysely';
import type { AutoPayment } from '../domain/invoice.ts';
import type { InvoiceStatus } from '../domain/invoice-status.ts';
import type { Channel, Transport } from '../domain/send.ts';
import { statement } from './compiled.ts';
import type { Tx } from './db.ts';
import type { NewDelivery } from './deliveries.ts';
import type { InvoiceEvent } from './events.ts';
import type { WebhookEvent } from './webhook-events.ts';

interface SendValues {
  invoiceId: string;
  status: InvoiceStatus;
  liveMode: boolean;
  invoiceNumber: number;
  sentAt: Date;
  autoPayment: string | null;
  updatedAt: Date;
  viewJson: string;
  viewVersion: number;
  locationId: string;
  eventType: string;
  actor: string;
  data: string;
  webhookType: string;
  payload: string;
  /** The deliveries, column by column (any number of them: one statement text). */
  ids: string[];
  sendEventIds: Array<string | null>;
  channels: Channel[];
  transports: Transport[];
  recipients: string[];
  messageIds: string[];
  requests: string[];
}

export const writeSend = statement((db, p: SendValues) =>
  db
    .with('invoice', (q) =>
      q
        .updateTable('invoices')
        .set({
          status: p.status,
          live_mode: p.liveMode,
          invoice_number: p.invoiceNumber,
          sent_at: p.sentAt,
          auto_payment: sql<string>`${p.autoPayment}::jsonb`,
          updated_at: p.updatedAt,
          view_json: p.viewJson,
          view_version: p.viewVersion,
        })
        .where('id', '=', p.invoiceId)
        .returning('id'),
    )
    .with('event', (q) =>
      q
        .insertInto('invoice_events')
        .values({
          invoice_id: p.invoiceId,
          location_id: p.locationId,
          type: p.eventType,
          actor: p.actor,
          data: p.data,
        })
        .returning('id'),
    )
    .with('webhook', (q) =>
      q
        .insertInto('webhook_events')
        .values({ location_id: p.locationId, type: p.webhookType, payload: p.payload })
        .returning('id'),
    )
    .with('delivery', (q) =>
      q
        .insertInto('deliveries')
        .columns([
          'id',
          'invoice_id',
          'location_id',
          'send_event_id',
          'channel',
          'transport',
          'recipient',
          'message_id',
          'request',
        ])
        .expression(
          sql`select d.id, ${p.invoiceId}, ${p.locationId}, d.send_event_id, d.channel, d.transport, d.recipient, d.message_id, d.request
              from unnest(${p.ids}::text[], ${p.sendEventIds}::text[], ${p.channels}::text[], ${p.transports}::text[],
                          ${p.recipients}::text[], ${p.messageIds}::text[], ${p.requests}::jsonb[])
                   as d(id, send_event_id, channel, transport, recipient, message_id, request)`,
        )
        .returning('id'),
    )
    .selectFrom('event')
    .select('event.id'),
);

/** The columns a send changes; the rest of the row stays as the caller read it. */
export interface SentState {
  status: InvoiceStatus;
  live_mode: boolean;
  invoice_number: number;
  sent_at: Date;
  auto_payment: AutoPayment | null;
  updated_at: Date;
}

export interface SendRecord {
  invoice: SentState;
  /** The invoice's view in its new state (invoicing/invoice-view.ts). */
  view: { json: string; version: number };
  deliveries: NewDelivery[];
  event: InvoiceEvent;
  webhook: WebhookEvent;
}

export async function recordSend(trx: Tx, record: SendRecord): Promise<void> {
  const { invoice, view, deliveries, event, webhook } = record;
  await writeSend.run(trx, {
    status: invoice.status,
    liveMode: invoice.live_mode,
    invoiceNumber: invoice.invoice_number,
    sentAt: invoice.sent_at,
    autoPayment: invoice.auto_payment === null ? null : JSON.stringify(invoice.auto_payment),
    updatedAt: invoice.updated_at,
    viewJson: view.json,
    viewVersion: view.version,
    invoiceId: event.invoiceId,
    locationId: event.locationId,
    eventType: event.type,
    actor: JSON.stringify(event.actor ?? {}),
    data: JSON.stringify(event.data ?? {}),
    webhookType: webhook.type,
    payload: JSON.stringify(webhook.payload),
    ids: deliveries.map((d) => d.id),
    sendEventIds: deliveries.map((d) => d.sendEventId),
    channels: deliveries.map((d) => d.channel),
    transports: deliveries.map((d) => d.transport),
    recipients: deliveries.map((d) => d.recipient),
    messageIds: deliveries.map((d) => d.messageId),
    requests: deliveries.map((d) => JSON.stringify(d.request)),
  });
}

const recentSends = statement((db, p: { invoiceId: string; since: Date }) =>
  db
    .selectFrom('invoice_events')
    .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('invoice_id', '=', p.invoiceId)
    .where('type', '=', 'sent')
    .where('created_at', '>', p.since),
);

/** How many times the invoice was sent since `since`, and when the oldest of those was. */
export async function countSendsSince(
  trx: Tx,
  invoiceId: string,
  since: Date,
): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await recentSends.run(trx, { invoiceId, since });
  return { count: Number(row?.count ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}
