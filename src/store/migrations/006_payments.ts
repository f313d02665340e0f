import { type Kysely, sql } from 'kysely';

/**
 * Payments (#10): the ledger an invoice's amountPaid and status are derived from, refunds, the checkout
 * sessions customers pay through, auto-payment charges, and what the payment providers told us.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // The payment schedule with its computed entries (amounts in minor units, ids, states).
  await sql`alter table invoices add column payment_schedule jsonb`.execute(db);
  // A location's own Stripe account (Connect), used as `stripeAccount`.
  await sql`alter table locations add column stripe_account_id text`.execute(db);

  await sql`
    create table payments (
      id text primary key,
      invoice_id text not null references invoices(id) on delete cascade,
      location_id text not null,
      currency text not null,
      amount int8 not null check (amount > 0),
      tip_amount int8 not null default 0 check (tip_amount >= 0),
      mode text not null check (mode in ('cash', 'card', 'cheque', 'bank_transfer', 'other', 'online')),
      provider text check (provider in ('test', 'stripe')),
      provider_ref text,
      status text not null check (status in ('succeeded', 'processing', 'failed', 'refunded')),
      refunded_amount int8 not null default 0 check (refunded_amount >= 0 and refunded_amount <= amount),
      card_brand text,
      card_last4 text,
      cheque_number text,
      notes text,
      failure_reason text,
      schedule_entry_ids text[] not null default '{}',
      -- a provider payment that arrived for a void invoice: recorded, and to be refunded
      needs_refund boolean not null default false,
      fulfilled_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (provider, provider_ref)
    )`.execute(db);
  await sql`create index payments_invoice_idx on payments (invoice_id, created_at)`.execute(db);

  await sql`
    create table refunds (
      id text primary key,
      payment_id text not null references payments(id) on delete cascade,
      invoice_id text not null,
      location_id text not null,
      amount int8 not null check (amount > 0),
      provider text,
      provider_ref text,
      status text not null check (status in ('succeeded', 'pending', 'failed')),
      reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (provider, provider_ref)
    )`.execute(db);
  await sql`create index refunds_payment_idx on refunds (payment_id)`.execute(db);

  // Every provider webhook event once: its id is claimed in the transaction that acts on it.
  await sql`
    create table provider_events (
      provider text not null,
      event_id text not null,
      received_at timestamptz not null default now(),
      primary key (provider, event_id)
    )`.execute(db);

  // The provider's customer for a contact of a location (saved methods belong to it).
  await sql`
    create table payment_customers (
      location_id text not null references locations(id) on delete cascade,
      contact_id text not null,
      provider text not null,
      customer_ref text not null,
      created_at timestamptz not null default now(),
      primary key (location_id, contact_id, provider)
    )`.execute(db);

  // The test provider's saved methods (test mode only: never a card number, only what its card decides).
  await sql`
    create table test_payment_methods (
      id text primary key,
      location_id text not null references locations(id) on delete cascade,
      customer_ref text not null,
      brand text not null,
      last4 text not null,
      outcome text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index test_payment_methods_customer_idx on test_payment_methods (customer_ref)`.execute(
    db,
  );

  // A customer paying from the hosted page: what is paid, through which provider, and how it ended.
  await sql`
    create table checkout_sessions (
      id text primary key,
      invoice_id text not null references invoices(id) on delete cascade,
      location_id text not null,
      provider text not null,
      provider_ref text,
      currency text not null,
      amount int8 not null check (amount > 0),
      tip_amount int8 not null default 0,
      schedule_entry_ids text[] not null default '{}',
      save_method boolean not null default false,
      -- the test provider's card while its holder is asked to confirm (never the number itself)
      card_brand text,
      card_last4 text,
      status text not null check (status in ('open', 'awaiting_confirmation', 'completed', 'failed')),
      failure_reason text,
      payment_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (provider, provider_ref)
    )`.execute(db);
  await sql`create index checkout_sessions_invoice_idx on checkout_sessions (invoice_id)`.execute(db);

  // Auto-payment: one row per attempt to charge a saved method, with the key that makes it charge once.
  await sql`
    create table charges (
      id text primary key,
      invoice_id text not null references invoices(id) on delete cascade,
      location_id text not null,
      schedule_entry_id text,
      provider text not null,
      customer_ref text not null,
      method_ref text not null,
      currency text not null,
      amount int8 not null check (amount > 0),
      attempt int4 not null,
      status text not null check (status in ('scheduled', 'charging', 'succeeded', 'processing', 'failed', 'cancelled')),
      run_at timestamptz not null,
      idempotency_key text not null unique,
      provider_ref text,
      last_error text,
      payment_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index charges_invoice_idx on charges (invoice_id, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'charges',
    'checkout_sessions',
    'test_payment_methods',
    'payment_customers',
    'provider_events',
    'refunds',
    'payments',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`alter table locations drop column if exists stripe_account_id`.execute(db);
  await sql`alter table invoices drop column if exists payment_schedule`.execute(db);
}
