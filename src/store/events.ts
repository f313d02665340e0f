/** The invoice's history (invoice_events): one row per thing that happened to it, written in the same transaction. */
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
  | 'payment_recorded'
  | 'payment_succeeded'
  | 'payment_processing'
  | 'payment_failed'
  | 'payment_needs_refund'
  | 'refunded'
  | 'refund_failed'
  | 'charge_scheduled'
  | 'charge_failed'
  | 'charges_cancelled';

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
