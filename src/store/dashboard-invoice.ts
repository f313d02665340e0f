/** Reads of the dashboard's invoice page: its history, its deliveries, the saved methods of its customer. */
import type { Db } from './db.ts';

/** The invoice's history, oldest first (the location checked in the query). */
export async function invoiceHistory(db: Db, locationId: string, invoiceId: string) {
  return db
    .selectFrom('invoice_events')
    .select(['id', 'type', 'actor', 'data', 'created_at'])
    .where('invoice_id', '=', invoiceId)
    .where('location_id', '=', locationId)
    .orderBy('id')
    .limit(500)
    .execute();
}

/** The invoice's messages, newest first. */
export async function invoiceDeliveries(db: Db, locationId: string, invoiceId: string) {
  return db
    .selectFrom('deliveries')
    .select([
      'id',
      'send_event_id',
      'channel',
      'transport',
      'recipient',
      'status',
      'attempts',
      'last_error',
      'request',
      'created_at',
      'sent_at',
    ])
    .where('invoice_id', '=', invoiceId)
    .where('location_id', '=', locationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

/** One delivery of the invoice (for a resend), or undefined. */
export async function findInvoiceDelivery(db: Db, locationId: string, invoiceId: string, deliveryId: string) {
  return db
    .selectFrom('deliveries')
    .select(['id', 'channel', 'status', 'request'])
    .where('id', '=', deliveryId)
    .where('invoice_id', '=', invoiceId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
}

/** The methods a customer of the location paid with and kept (online payments with a saved method). */
export async function savedMethodsOfCustomer(db: Db, locationId: string, customerRef: string) {
  return db
    .selectFrom('payments')
    .select(['method_ref', 'card_brand', 'card_last4'])
    .distinct()
    .where('location_id', '=', locationId)
    .where('customer_ref', '=', customerRef)
    .where('method_ref', 'is not', null)
    .limit(20)
    .execute();
}
