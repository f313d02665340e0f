/** The payment tables (migration 006). */
import type { ColumnType, Generated } from 'kysely';
import type { PaymentMode, PaymentStatus } from '../domain/ledger.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type BigInt8 = ColumnType<number, number | bigint | string, number | bigint | string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface PaymentsTable {
  id: string;
  invoice_id: string;
  location_id: string;
  currency: string;
  /** The invoice's part, minor units; a tip is separate. */
  amount: BigInt8;
  tip_amount: ColumnType<number, number | undefined, number>;
  mode: PaymentMode;
  provider: 'test' | 'stripe' | null;
  provider_ref: string | null;
  status: PaymentStatus;
  refunded_amount: ColumnType<number, number | undefined, number>;
  card_brand: string | null;
  card_last4: string | null;
  cheque_number: string | null;
  notes: string | null;
  failure_reason: string | null;
  schedule_entry_ids: Defaulted<string[]>;
  needs_refund: Defaulted<boolean>;
  /** The provider's customer and saved method behind an online payment, when it was saved for later. */
  customer_ref: string | null;
  method_ref: string | null;
  fulfilled_at: Timestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RefundsTable {
  id: string;
  payment_id: string;
  invoice_id: string;
  location_id: string;
  amount: BigInt8;
  provider: 'test' | 'stripe' | null;
  provider_ref: string | null;
  status: 'succeeded' | 'pending' | 'failed';
  reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ProviderEventsTable {
  provider: string;
  event_id: string;
  received_at: Generated<Date>;
}

export interface PaymentCustomersTable {
  location_id: string;
  contact_id: string;
  provider: string;
  customer_ref: string;
  created_at: Generated<Date>;
}

export interface TestPaymentMethodsTable {
  id: string;
  location_id: string;
  customer_ref: string;
  brand: string;
  last4: string;
  outcome: string;
  created_at: Generated<Date>;
}

export type CheckoutStatus = 'open' | 'awaiting_confirmation' | 'completed' | 'failed';

export interface CheckoutSessionsTable {
  id: string;
  invoice_id: string;
  location_id: string;
  provider: 'test' | 'stripe';
  provider_ref: string | null;
  currency: string;
  amount: BigInt8;
  tip_amount: ColumnType<number, number | undefined, number>;
  schedule_entry_ids: Defaulted<string[]>;
  save_method: Defaulted<boolean>;
  card_brand: string | null;
  card_last4: string | null;
  status: CheckoutStatus;
  failure_reason: string | null;
  payment_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type ChargeStatus = 'scheduled' | 'charging' | 'succeeded' | 'processing' | 'failed' | 'cancelled';

export interface ChargesTable {
  id: string;
  invoice_id: string;
  location_id: string;
  schedule_entry_id: string | null;
  provider: 'test' | 'stripe';
  customer_ref: string;
  method_ref: string;
  currency: string;
  amount: BigInt8;
  attempt: number;
  status: ChargeStatus;
  run_at: Timestamp;
  idempotency_key: string;
  provider_ref: string | null;
  last_error: string | null;
  payment_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** The test provider's record of the charges it was asked for (migration 007). */
export interface TestProviderChargesTable {
  idempotency_key: string;
  charge_id: string;
  ref: string;
  method_ref: string;
  currency: string;
  amount: BigInt8;
  calls: Defaulted<number>;
  first_called_at: Generated<Date>;
  last_called_at: Generated<Date>;
}
