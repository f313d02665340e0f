/** The invoice's history (invoice_events): one row per thing that happened to it, written in the same transaction. */
import { sql } from 'kysely';
import { statement } from './compiled.ts';
import type { Db } from './db.ts';
import type { EventActor } from './schema.ts';

export type InvoiceEventType =
  | 'created'
  | 'updated'
  | 'voided'
  | 'sent'
  | 'viewed'
  | 'delivery_sent'
  | 'delivery_failed'
  | 'reminder_sent'
  | 'payment_recorded'
  | 'payment_succeeded'
  | 'payment_processing'
  | 'payment_failed'
  | 'payment_needs_refund'
  | 'refunded'
  | 'refund_failed'
  | 'charge_scheduled'
  | 'charge_failed'
  | 'charges_cancelled'
  | 'late_fees_charged';

export interface InvoiceEvent {
  invoiceId: string;
  locationId: string;
  type: InvoiceEventType;
  actor?: EventActor;
  data?: object;
}

const insertEvent = statement(
  (db, p: { invoiceId: string; locationId: string; type: string; actor: string; data: string }) =>
    db.insertInto('invoice_events').values({
      invoice_id: p.invoiceId,
      location_id: p.locationId,
      type: p.type,
      actor: p.actor,
      data: p.data,
    }),
);

/** In the transaction of the change it records (a view, which changes nothing else, needs none). */
export async function recordEvent(db: Db, event: InvoiceEvent): Promise<void> {
  await insertEvent.run(db, {
    invoiceId: event.invoiceId,
    locationId: event.locationId,
    type: event.type,
    actor: JSON.stringify(event.actor ?? {}),
    data: JSON.stringify(event.data ?? {}),
  });
}

const insertView = statement(
  (_db, p: { invoiceId: string; locationId: string; data: string; windowSeconds: number }) => sql`
    insert into invoice_events (invoice_id, location_id, type, actor, data)
    select ${p.invoiceId}, ${p.locationId}, 'viewed', '{"kind":"customer"}'::jsonb, ${p.data}::jsonb
    where not exists (
      select 1 from (
        select type, data, created_at from invoice_events
        where invoice_id = ${p.invoiceId} order by id desc limit 1
      ) last
      where last.type = 'viewed' and last.data = ${p.data}::jsonb
        and last.created_at > now() - make_interval(secs => ${p.windowSeconds})
    )`,
);

/**
 * A customer's view of the page, unless it only repeats the invoice's last history row: a view by the
 * same browser less than `windowSeconds` ago (a reload is not a second visit).
 */
export async function recordPageView(
  db: Db,
  view: { invoiceId: string; locationId: string; userAgent: string },
  windowSeconds = 60,
): Promise<void> {
  await insertView.run(db, {
    invoiceId: view.invoiceId,
    locationId: view.locationId,
    data: JSON.stringify({ userAgent: view.userAgent }),
    windowSeconds,
  });
}
