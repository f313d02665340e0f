/**
 * The fan-out: each committed webhook event becomes one delivery per subscription of its location that
 * takes it, with the exact body that will be signed and sent (its own webhookId, the event's timestamp,
 * the subscription's appId). One fan-out at a time, oldest event first, so a subscription's deliveries
 * are in the events' order.
 */
import { randomUUID } from 'node:crypto';
import { objectId } from '../domain/ids.ts';
import type { Tx } from '../store/db.ts';
import {
  dueSubscriptionIds,
  insertDeliveries,
  liveSubscriptionsOf,
  markDispatched,
  type NewDeliveryRow,
  type PendingEvent,
  pendingEvents,
} from '../store/webhook-deliveries.ts';
import { type SubscriptionRow, tryFanOutLock } from '../store/webhooks.ts';
import type { WebhookContext } from './context.ts';

/** The bytes a subscriber receives for this event. */
export function deliveryBody(event: PendingEvent, subscription: SubscriptionRow, webhookId: string): string {
  const { type, locationId, companyId, ...invoice } = event.payload;
  return JSON.stringify({
    type,
    locationId,
    companyId,
    ...(subscription.app_id !== null ? { appId: subscription.app_id } : {}),
    webhookId,
    timestamp: event.created_at.toISOString(),
    ...invoice,
  });
}

export function newDelivery(event: PendingEvent, subscription: SubscriptionRow): NewDeliveryRow {
  const webhookId = randomUUID();
  return {
    id: objectId(),
    subscription_id: subscription.id,
    event_id: event.id,
    location_id: event.location_id,
    event_type: event.type,
    webhook_id: webhookId,
    body: deliveryBody(event, subscription, webhookId),
  };
}

const takes = (subscription: SubscriptionRow, event: PendingEvent) =>
  subscription.location_id === event.location_id &&
  (subscription.events.length === 0 || subscription.events.includes(event.type));

async function wakeAll(ctx: WebhookContext, trx: Tx, ids: Iterable<string>): Promise<void> {
  for (const id of new Set(ids)) await ctx.jobs?.wake(trx, id);
}

/** Fans out up to `limit` events; returns how many (0: none waiting, or another process is at it). */
export async function fanOutEvents(ctx: WebhookContext, limit = 200): Promise<number> {
  return ctx.store.db.transaction().execute(async (trx) => {
    if (!(await tryFanOutLock(trx))) return 0;
    const events = await pendingEvents(trx, limit);
    if (events.length === 0) return 0;
    const subscriptions = await liveSubscriptionsOf(trx, [...new Set(events.map((e) => e.location_id))]);
    const rows = events.flatMap((event) =>
      subscriptions.filter((s) => takes(s, event)).map((s) => newDelivery(event, s)),
    );
    await insertDeliveries(trx, rows);
    await markDispatched(
      trx,
      events.map((e) => e.id),
    );
    await wakeAll(
      ctx,
      trx,
      rows.map((r) => r.subscription_id),
    );
    return events.length;
  });
}

/**
 * Wakes every subscription whose first pending delivery is due: after a worker was killed mid-attempt,
 * or a replay from the CLI, this is what sends it.
 */
export async function wakeDueSubscriptions(ctx: WebhookContext, limit = 500): Promise<number> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const ids = await dueSubscriptionIds(trx, limit);
    await wakeAll(ctx, trx, ids);
    return ids.length;
  });
}
