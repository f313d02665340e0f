/** Webhook subscriptions of a location: add (URL checked now), list, remove. */
import { objectId } from '../domain/ids.ts';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from '../domain/webhook-events.ts';
import { Errors } from '../errors.ts';
import { getLocation } from '../store/tenants.ts';
import {
  findSubscription,
  insertSubscription,
  listSubscriptions as listRows,
  removeSubscription as removeRow,
  type SubscriptionRow,
} from '../store/webhooks.ts';
import type { WebhookContext } from './context.ts';
import { checkTarget, TargetRefused, TargetUnresolved } from './target.ts';

export interface NewSubscription {
  locationId: string;
  companyId: string;
  url: string;
  events?: string[];
  appId?: string;
}

export interface SubscriptionView {
  id: string;
  altId: string;
  altType: 'location';
  url: string;
  /** Empty: every event. */
  events: string[];
  appId: string | null;
  createdAt: string;
}

export const subscriptionView = (row: SubscriptionRow): SubscriptionView => ({
  id: row.id,
  altId: row.location_id,
  altType: 'location',
  url: row.url,
  events: row.events,
  appId: row.app_id,
  createdAt: row.created_at.toISOString(),
});

export async function addSubscription(
  ctx: WebhookContext,
  input: NewSubscription,
): Promise<SubscriptionView> {
  const events = [...new Set(input.events ?? [])];
  const unknown = events.filter((e) => !isWebhookEventType(e));
  if (unknown.length > 0) {
    throw Errors.unprocessable(
      `unknown webhook event ${unknown.join(', ')}: events must be among ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    );
  }
  try {
    await checkTarget(input.url, ctx.config.allowPrivateNetworks);
  } catch (error) {
    if (error instanceof TargetRefused || error instanceof TargetUnresolved) {
      throw Errors.unprocessable(error.message);
    }
    throw error;
  }
  const row = await insertSubscription(ctx.store.db, {
    id: objectId(),
    location_id: input.locationId,
    company_id: input.companyId,
    url: input.url,
    events,
    app_id: input.appId ?? null,
  });
  return subscriptionView(row);
}

export async function listSubscriptions(
  ctx: WebhookContext,
  locationId?: string,
): Promise<SubscriptionView[]> {
  return (await listRows(ctx.store.db, locationId)).map(subscriptionView);
}

/** The subscription, in that location when one is named; 404 otherwise. */
export async function getSubscription(ctx: Pick<WebhookContext, 'store'>, id: string, locationId?: string) {
  const row = await findSubscription(ctx.store.db, id);
  if (!row || (locationId !== undefined && row.location_id !== locationId)) {
    throw Errors.notFound('Webhook subscription not found');
  }
  return row;
}

/** Removes it and cancels what it had not delivered yet; 404 when there is none (in that location). */
export async function removeSubscription(
  ctx: WebhookContext,
  id: string,
  locationId?: string,
): Promise<void> {
  const removed = await ctx.store.db.transaction().execute((trx) => removeRow(trx, id, locationId));
  if (!removed) throw Errors.notFound('Webhook subscription not found');
}

/** From the command line: the location's own company. */
export async function addLocationSubscription(
  ctx: WebhookContext,
  input: Omit<NewSubscription, 'companyId'>,
): Promise<SubscriptionView> {
  const location = await getLocation(ctx.store.db, input.locationId);
  if (!location) throw Errors.notFound(`Location ${input.locationId} not found`);
  return addSubscription(ctx, { ...input, companyId: location.company_id });
}
