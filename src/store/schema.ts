import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type {
  AutoPayment,
  BusinessDetails,
  ContactDetails,
  Discount,
  EchoedFields,
  ItemExtra,
  ItemTax,
  SentTo,
  TaxLine,
} from '../domain/invoice.ts';
import type { InvoiceStatus } from '../domain/invoice-status.ts';
import type { PaymentSchedule } from '../domain/payment-schedule.ts';
import type { Channel, Transport } from '../domain/send.ts';
import type { TokenKind } from '../domain/tokens.ts';
import type { ClockTables } from './schema-clocks.ts';
import type { DashboardTables } from './schema-dashboard.ts';
import type { DeliveredContent, DeliveryRequest } from './schema-deliveries.ts';
import type { InvoiceTemplatesTable, InvoiceVisitsTable, PdfCacheTable } from './schema-documents.ts';
import type { EstimateTables } from './schema-estimates.ts';
import type { InvoiceLateFeeColumns, LateFeeTables } from './schema-late-fees.ts';
import type {
  ChargesTable,
  CheckoutSessionsTable,
  PaymentCustomersTable,
  PaymentsTable,
  ProviderEventsTable,
  RefundsTable,
  TestPaymentMethodsTable,
  TestProviderChargesTable,
} from './schema-payments.ts';
import type { ReminderTables } from './schema-reminders.ts';
import type { ScheduleTables } from './schema-schedules.ts';

export type { DeliveredContent, DeliveryRequest } from './schema-deliveries.ts';
export type { ChargeStatus, CheckoutStatus } from './schema-payments.ts';

import type {
  WebhookAttemptsTable,
  WebhookDeliveriesTable,
  WebhookKeysTable,
  WebhookSubscriptionsTable,
} from './schema-webhooks.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as parsed JSON, written as its JSON text. */
type Json<T> = ColumnType<T, string, string>;
/** int8 columns: pg returns them as Number (see store/db.ts); amounts stay far below 2^53. */
type BigInt8 = ColumnType<number, number | bigint | string, number | bigint | string>;

export interface CompaniesTable {
  id: string;
  name: string;
  email: string | null;
  created_at: Generated<Date>;
}

export interface LocationsTable {
  id: string;
  company_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: Json<Record<string, string>>;
  website: string | null;
  timezone: string | null;
  /** The location's own Stripe account (Connect); payments use the platform's account without one. */
  stripe_account_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The dashboard works in test mode (migration 021): new invoices and sends default to test. */
  test_mode: Generated<boolean>;
  /** What new invoices are numbered with when the request names no prefix (migration 022). */
  invoice_number_prefix: Generated<string>;
  /** The logo an invoice's documents show when its business details name none (migration 022). */
  logo_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: string;
  company_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  type: string;
  role: string;
  created_at: Generated<Date>;
}

export interface UserLocationsTable {
  user_id: string;
  location_id: string;
}

export interface ApiTokensTable {
  id: string;
  token_hash: string;
  kind: TokenKind;
  company_id: string;
  location_id: string | null;
  scopes: string[];
  label: string | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface InvoiceNumberCountersTable {
  location_id: string;
  last_number: BigInt8;
}

export interface InvoicesTable extends InvoiceLateFeeColumns {
  id: string;
  location_id: string;
  company_id: string;
  status: InvoiceStatus;
  live_mode: boolean;
  name: string;
  title: string;
  currency: string;
  invoice_number: BigInt8 | null;
  invoice_number_prefix: string | null;
  contact_id: string | null;
  contact_details: Json<ContactDetails>;
  business_details: Json<BusinessDetails>;
  discount: Json<Discount>;
  sent_to: Json<SentTo>;
  /** Fields the API accepts and echoes back without acting on them (paymentSchedule, tips, ...). */
  extra: Json<EchoedFields>;
  terms_notes: string | null;
  issue_date: string;
  due_date: string;
  sub_total: BigInt8;
  discount_total: BigInt8;
  tax_total: BigInt8;
  total: BigInt8;
  amount_paid: ColumnType<number, number | bigint | string | undefined, number | bigint | string>;
  /** Unguessable token for the customer's hosted page; never the invoice id. */
  public_token: string;
  /** Tax per name and rate, minor units (domain/totals.ts computeTotals). */
  tax_lines: ColumnType<TaxLine[], string | undefined, string>;
  /** The payment schedule with its entries' amounts and states (domain/payment-schedule.ts). */
  payment_schedule: ColumnType<PaymentSchedule | null, string | null | undefined, string | null>;
  /** The send's autoPayment settings (docs/send-invoice.md §4); null until a send sets them. */
  auto_payment: ColumnType<AutoPayment | null, string | null | undefined, string | null>;
  sent_at: Timestamp | null;
  voided_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /**
   * The invoice as the API returns it, serialised (migration 005); null when a change cleared it. Only
   * the invoicing use cases know its format: view_version says which one it has.
   */
  view_json: ColumnType<string | null, string | null | undefined, string | null>;
  view_version: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface InvoiceItemsTable {
  id: string;
  invoice_id: string;
  position: number;
  name: string;
  description: string | null;
  product_id: string | null;
  price_id: string | null;
  currency: string;
  /** Unit price in the currency's minor unit. */
  amount: BigInt8;
  /** Quantity as an exact decimal string (numeric column). */
  qty: string;
  taxes: Json<ItemTax[]>;
  type: string | null;
  tax_inclusive: boolean;
  extra: Json<ItemExtra>;
  /** qty x amount, rounded half away from zero, in minor units. */
  line_total: BigInt8;
}

export interface InvoiceEventsTable {
  id: Generated<string>;
  invoice_id: string;
  location_id: string;
  type: string;
  actor: Json<EventActor>;
  data: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

/** Who caused a history record: an API token (and the user it acted for), the customer, or a worker. */
export interface EventActor {
  tokenId?: string;
  userId?: string;
  kind?: 'customer';
  system?: string;
}

export type DeliveryChannel = Channel;
export type DeliveryTransport = Transport;
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface DeliveriesTable {
  id: string;
  /** The delivery's subject: an invoice, or an estimate (migration 017); exactly one is set. */
  invoice_id: string | null;
  estimate_id: ColumnType<string | null, string | null | undefined, string | null>;
  location_id: string;
  /** The send (invoice_events 'sent' data.sendId) this message belongs to. */
  send_event_id: string | null;
  channel: DeliveryChannel;
  /** Chosen when the send is accepted: test mode or no configured provider means 'outbox'. */
  transport: DeliveryTransport;
  recipient: string;
  /** Stable across retries so receivers can recognise a redelivery. */
  message_id: string;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: string | null;
  provider_id: string | null;
  request: ColumnType<DeliveryRequest, string | undefined, string>;
  content: ColumnType<DeliveredContent | null, string | null | undefined, string | null>;
  /** The PDF attached to the email as delivered. */
  pdf: Buffer | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  sent_at: Timestamp | null;
}

export interface IdempotencyKeysTable {
  location_id: string;
  key: string;
  operation: string;
  request_hash: string;
  status_code: number;
  response: Json<unknown>;
  created_at: Generated<Date>;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  location_id: string;
  type: string;
  payload: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  dispatched_at: Timestamp | null;
}

export interface Database
  extends EstimateTables,
    ClockTables,
    ScheduleTables,
    ReminderTables,
    LateFeeTables,
    DashboardTables {
  idempotency_keys: IdempotencyKeysTable;
  webhook_events: WebhookEventsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_keys: WebhookKeysTable;
  companies: CompaniesTable;
  locations: LocationsTable;
  users: UsersTable;
  user_locations: UserLocationsTable;
  api_tokens: ApiTokensTable;
  invoice_number_counters: InvoiceNumberCountersTable;
  invoices: InvoicesTable;
  invoice_items: InvoiceItemsTable;
  invoice_events: InvoiceEventsTable;
  deliveries: DeliveriesTable;
  payments: PaymentsTable;
  refunds: RefundsTable;
  provider_events: ProviderEventsTable;
  payment_customers: PaymentCustomersTable;
  test_payment_methods: TestPaymentMethodsTable;
  checkout_sessions: CheckoutSessionsTable;
  charges: ChargesTable;
  test_provider_charges: TestProviderChargesTable;
  invoice_templates: InvoiceTemplatesTable;
  invoice_visits: InvoiceVisitsTable;
  pdf_cache: PdfCacheTable;
}

/** An invoice's own columns, without its stored view (store/invoice-views.ts reads that). */
export type InvoiceRow = Omit<Selectable<InvoicesTable>, 'view_json' | 'view_version' | 'late_fees_due_at'>;
export type NewInvoiceRow = Insertable<InvoicesTable>;
export type InvoiceItemRow = Selectable<InvoiceItemsTable>;
export type NewInvoiceItemRow = Insertable<InvoiceItemsTable>;
export type LocationRow = Selectable<LocationsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type RefundRow = Selectable<RefundsTable>;
export type CheckoutSessionRow = Selectable<CheckoutSessionsTable>;
export type ChargeRow = Selectable<ChargesTable>;
