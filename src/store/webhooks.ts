/** Webhook subscriptions and the service's signing key (migration 009). */
import { type Selectable, sql } from 'kysely';
import type { Db } from './db.ts';
import type { WebhookSubscriptionsTable } from './schema-webhooks.ts';

export type SubscriptionRow = Omit<Selectable<WebhookSubscriptionsTable>, 'deleted_at'>;

export const SUBSCRIPTION_COLUMNS = [
  'id',
  'location_id',
  'company_id',
  'url',
  'events',
  'app_id',
  'created_at',
] as const;
const COLUMNS = SUBSCRIPTION_COLUMNS;

export async function insertSubscription(db: Db, row: Omit<SubscriptionRow, 'created_at'>) {
  return db.insertInto('webhook_subscriptions').values(row).returning(COLUMNS).executeTakeFirstOrThrow();
}

/** The live subscriptions of a location, or of every location when none is named, oldest first. */
export async function listSubscriptions(db: Db, locationId?: string): Promise<SubscriptionRow[]> {
  let query = db.selectFrom('webhook_subscriptions').select(COLUMNS).where('deleted_at', 'is', null);
  if (locationId !== undefined) query = query.where('location_id', '=', locationId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function findSubscription(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return db
    .selectFrom('webhook_subscriptions')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Marks the subscription removed and cancels its pending deliveries; false when there was none (in
 * that location, when one is named).
 */
export async function removeSubscription(db: Db, id: string, locationId?: string): Promise<boolean> {
  let query = db
    .updateTable('webhook_subscriptions')
    .set({ deleted_at: new Date() })
    .where('id', '=', id)
    .where('deleted_at', 'is', null);
  if (locationId !== undefined) query = query.where('location_id', '=', locationId);
  const removed = await query.returning('id').executeTakeFirst();
  if (!removed) return false;
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'cancelled', updated_at: new Date() })
    .where('subscription_id', '=', id)
    .where('status', '=', 'pending')
    .execute();
  return true;
}

/**
 * The subscription's row, locked for one delivery attempt; undefined when another worker holds it (it is
 * sending that subscription's head delivery) or it was removed.
 */
export async function lockSubscription(db: Db, id: string) {
  return db
    .selectFrom('webhook_subscriptions')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export interface SigningKeyRow {
  algorithm: string;
  private_key: string;
  public_key: string;
}

/** Keeps `key` unless a key is already stored (a concurrent first start); returns the one stored. */
export async function keepSigningKey(db: Db, key: SigningKeyRow): Promise<SigningKeyRow> {
  await db
    .insertInto('webhook_keys')
    .values(key)
    .onConflict((c) => c.column('id').doNothing())
    .execute();
  return db
    .selectFrom('webhook_keys')
    .select(['algorithm', 'private_key', 'public_key'])
    .executeTakeFirstOrThrow();
}

export async function storedSigningKey(db: Db): Promise<SigningKeyRow | undefined> {
  return db.selectFrom('webhook_keys').select(['algorithm', 'private_key', 'public_key']).executeTakeFirst();
}

/** Only one fan-out at a time (a transaction-scoped advisory lock), so deliveries keep the events' order. */
export async function tryFanOutLock(db: Db): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(hashtext('hl-invoices:webhook-fan-out')) as locked`.execute(db);
  return rows[0]?.locked === true;
}
