/** Events for webhook subscribers, written in the transaction of the change they report. */
import { sql } from 'kysely';
import type { WebhookEventType } from '../domain/webhook-events.ts';
import type { Db } from './db.ts';

export type { WebhookEventType } from '../domain/webhook-events.ts';

export interface WebhookEvent {
  type: WebhookEventType;
  payload: object;
}

/** The rows of `events` for a location, as an insert's select (a CTE or a statement of its own). */
export function webhookEventRows(locationId: string, events: WebhookEvent[]) {
  return sql`select ${locationId}, w.type, w.payload
    from unnest(${events.map((w) => w.type)}::text[], ${events.map((w) => JSON.stringify(w.payload))}::jsonb[])
      with ordinality as w(type, payload, n) order by w.n`;
}

/** For a change whose own statement does not write them (a delete). */
export async function recordWebhookEvents(db: Db, locationId: string, events: WebhookEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('webhook_events')
    .columns(['location_id', 'type', 'payload'])
    .expression(webhookEventRows(locationId, events))
    .execute();
}
