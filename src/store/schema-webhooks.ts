/** The webhook tables (migration 009). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface WebhookSubscriptionsTable {
  id: string;
  location_id: string;
  company_id: string;
  url: string;
  /** Empty: every event. */
  events: string[];
  app_id: string | null;
  created_at: Generated<Date>;
  deleted_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  seq: Generated<number>;
  subscription_id: string;
  event_id: number;
  location_id: string;
  event_type: string;
  webhook_id: string;
  /** The exact bytes (UTF-8) that are signed and sent on every attempt. */
  body: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined, WebhookDeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  first_attempt_at: Timestamp | null;
  last_error: string | null;
  replay_of: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  attempt: number;
  /** 'delivered', 'retrying' or 'failed'. */
  status: string;
  response_code: number | null;
  latency_ms: number;
  error: string | null;
  created_at: Generated<Date>;
}

export interface WebhookKeysTable {
  id: Generated<number>;
  algorithm: string;
  private_key: string;
  public_key: string;
  created_at: Generated<Date>;
}
