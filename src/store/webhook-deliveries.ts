/** Webhook events waiting for fan-out, the deliveries made of them, and the log of their attempts. */
import { type Insertable, sql } from 'kysely';
import type { Db } from './db.ts';
import type { WebhookDeliveriesTable, WebhookDeliveryStatus } from './schema-webhooks.ts';
import { SUBSCRIPTION_COLUMNS, type SubscriptionRow } from './webhooks.ts';

const EVENT_COLUMNS = ['id', 'location_id', 'type', 'payload', 'created_at'] as const;

export interface PendingEvent {
  id: number;
  location_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** The oldest events not yet fanned out, locked until the fan-out commits. */
export async function pendingEvents(db: Db, limit: number): Promise<PendingEvent[]> {
  return db
    .selectFrom('webhook_events')
    .select(EVENT_COLUMNS)
    .where('dispatched_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .execute();
}

export async function markDispatched(db: Db, eventIds: number[]): Promise<void> {
  await db
    .updateTable('webhook_events')
    .set({ dispatched_at: new Date() })
    .where('id', 'in', eventIds)
    .execute();
}

export async function liveSubscriptionsOf(db: Db, locationIds: string[]): Promise<SubscriptionRow[]> {
  return db
    .selectFrom('webhook_subscriptions')
    .select(SUBSCRIPTION_COLUMNS)
    .where('location_id', 'in', locationIds)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

export type NewDeliveryRow = Pick<
  Insertable<WebhookDeliveriesTable>,
  'id' | 'subscription_id' | 'event_id' | 'location_id' | 'event_type' | 'webhook_id' | 'body' | 'replay_of'
>;

/** Inserted one after another: seq follows the order given, which is the events' order. */
export async function insertDeliveries(db: Db, rows: NewDeliveryRow[]): Promise<void> {
  for (const row of rows) await db.insertInto('webhook_deliveries').values(row).execute();
}

export interface HeadDelivery {
  id: string;
  webhook_id: string;
  body: string;
  attempts: number;
  first_attempt_at: Date | null;
  next_attempt_at: Date;
  /** next_attempt_at has come, by the database's clock (the one pg-boss's startAfter is read by). */
  due: boolean;
}

/** The subscription's first pending delivery: nothing later is sent before it is delivered or failed. */
export async function headDelivery(db: Db, subscriptionId: string): Promise<HeadDelivery | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .select(['id', 'webhook_id', 'body', 'attempts', 'first_attempt_at', 'next_attempt_at'])
    .select(sql<boolean>`next_attempt_at <= now()`.as('due'))
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'pending')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
}

export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  /** The delivery's state after it. */
  status: Exclude<WebhookDeliveryStatus, 'cancelled'>;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
  firstAttemptAt: Date;
  nextAttemptAt: Date | null;
}

export async function recordAttempt(db: Db, a: AttemptRecord): Promise<void> {
  const logged = a.status === 'pending' ? 'retrying' : a.status;
  await db
    .insertInto('webhook_attempts')
    .values({
      delivery_id: a.deliveryId,
      attempt: a.attempt,
      status: logged,
      response_code: a.responseCode,
      latency_ms: a.latencyMs,
      error: a.error,
    })
    .execute();
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: a.status,
      attempts: a.attempt,
      first_attempt_at: a.firstAttemptAt,
      last_error: a.error,
      updated_at: new Date(),
      ...(a.nextAttemptAt ? { next_attempt_at: a.nextAttemptAt } : {}),
    })
    .where('id', '=', a.deliveryId)
    .execute();
}

/** Subscriptions whose first pending delivery is due: the fan-out wakes their workers again (a backstop). */
export async function dueSubscriptionIds(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('subscription_id')
    .distinct()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', sql<Date>`now()`)
    .limit(limit)
    .execute();
  return rows.map((r) => r.subscription_id);
}

export interface DeliveryLogRow {
  delivery_id: string;
  event_type: string;
  webhook_id: string;
  attempt: number | null;
  status: string;
  response_code: number | null;
  latency_ms: number | null;
  error: string | null;
  time: Date;
}

/** Newest first: every attempt, and each delivery not tried yet (attempt 0, its own status). */
export async function deliveryLog(db: Db, subscriptionId: string, limit: number): Promise<DeliveryLogRow[]> {
  const { rows } = await sql<DeliveryLogRow>`
    select d.id as delivery_id, d.event_type, d.webhook_id, coalesce(a.attempt, 0) as attempt,
           coalesce(a.status, d.status) as status, a.response_code, a.latency_ms, coalesce(a.error, d.last_error) as error,
           coalesce(a.created_at, d.created_at) as time
      from webhook_deliveries d
      left join webhook_attempts a on a.delivery_id = d.id
     where d.subscription_id = ${subscriptionId} and (a.id is not null or d.attempts = 0)
     order by time desc, d.seq desc, a.attempt desc nulls last
     limit ${limit}`.execute(db);
  return rows;
}

export async function findDelivery(db: Db, id: string) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['id', 'subscription_id', 'event_id', 'location_id', 'event_type', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findEvent(db: Db, id: number): Promise<PendingEvent | undefined> {
  return db.selectFrom('webhook_events').select(EVENT_COLUMNS).where('id', '=', id).executeTakeFirst();
}
