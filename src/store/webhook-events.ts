/** Events for webhook subscribers, written in the transaction of the change they report. */
import { statement } from './compiled.ts';
import type { Tx } from './db.ts';

export type WebhookEventType = 'InvoiceSent';

const insertWebhookEvent = statement((db, p: { locationId: string; type: string; payload: string }) =>
  db.insertInto('webhook_events').values({ location_id: p.locationId, type: p.type, payload: p.payload }),
);

export async function recordWebhookEvent(
  trx: Tx,
  event: { locationId: string; type: WebhookEventType; payload: object },
): Promise<void> {
  await insertWebhookEvent.run(trx, {
    locationId: event.locationId,
    type: event.type,
    payload: JSON.stringify(event.payload),
  });
}
