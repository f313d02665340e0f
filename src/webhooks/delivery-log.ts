/** A subscription's delivery log, and replaying one delivery. */
import { Errors } from '../errors.ts';
import { deliveryLog, findDelivery, findEvent, insertDeliveries } from '../store/webhook-deliveries.ts';
import type { WebhookContext } from './context.ts';
import { newDelivery } from './fan-out.ts';
import { getSubscription } from './subscriptions.ts';

export interface DeliveryLogEntry {
  deliveryId: string;
  event: string;
  webhookId: string;
  attempt: number;
  status: string;
  responseCode: number | null;
  latencyMs: number | null;
  error: string | null;
  time: string;
}

/** Newest first: each attempt, and each delivery not tried yet (attempt 0). */
export async function listDeliveries(
  ctx: Pick<WebhookContext, 'store'>,
  subscriptionId: string,
  locationId?: string,
  limit = 100,
): Promise<DeliveryLogEntry[]> {
  await getSubscription(ctx, subscriptionId, locationId);
  const rows = await deliveryLog(ctx.store.db, subscriptionId, limit);
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    event: r.event_type,
    webhookId: r.webhook_id,
    attempt: r.attempt ?? 0,
    status: r.status,
    responseCode: r.response_code,
    latencyMs: r.latency_ms,
    error: r.error,
    time: new Date(r.time).toISOString(),
  }));
}

/** The delivery, when it exists and (for an API caller) belongs to a location the caller may act for. */
export async function deliveryOf(ctx: Pick<WebhookContext, 'store'>, deliveryId: string) {
  const delivery = await findDelivery(ctx.store.db, deliveryId);
  if (!delivery) throw Errors.notFound('Webhook delivery not found');
  return delivery;
}

/**
 * Sends the delivery's event again to its subscription, as a new delivery with a new webhookId (a
 * receiver that de-duplicates would drop a copy under the old one), after what the subscription has
 * queued already.
 */
export async function replayDelivery(ctx: WebhookContext, deliveryId: string) {
  const original = await deliveryOf(ctx, deliveryId);
  const subscription = await getSubscription(ctx, original.subscription_id);
  return ctx.store.db.transaction().execute(async (trx) => {
    const event = await findEvent(trx, original.event_id);
    if (!event) throw Errors.notFound('Webhook delivery not found');
    const row = { ...newDelivery(event, subscription), replay_of: original.id };
    await insertDeliveries(trx, [row]);
    await ctx.jobs?.wake(trx, subscription.id);
    return { deliveryId: row.id, webhookId: row.webhook_id, replayOf: original.id, event: row.event_type };
  });
}
