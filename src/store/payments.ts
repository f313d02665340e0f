/** The payment ledger: every payment of an invoice (manual or through a provider) and its refunds. */
import { sql } from 'kysely';
import type { LedgerEntry } from '../domain/ledger.ts';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';
import type { PaymentRow, RefundRow } from './schema.ts';
import type { PaymentsTable } from './schema-payments.ts';

type NewPayment = Omit<
  PaymentRow,
  'created_at' | 'updated_at' | 'refunded_amount' | 'needs_refund' | 'tip_amount' | 'schedule_entry_ids'
> &
  Partial<Pick<PaymentRow, 'refunded_amount' | 'needs_refund' | 'tip_amount' | 'schedule_entry_ids'>>;

export async function insertPayment(trx: Tx, payment: NewPayment): Promise<PaymentRow> {
  return trx.insertInto('payments').values(payment).returningAll().executeTakeFirstOrThrow();
}

const ledgerRows = statement((db, p: { invoiceId: string }) =>
  db
    .selectFrom('payments')
    .select(['amount', 'refunded_amount', 'status', 'schedule_entry_ids'])
    .where('invoice_id', '=', p.invoiceId)
    .orderBy('created_at')
    .orderBy('id'),
);

/** What the invoice's amounts and status are derived from (domain/ledger.ts). */
export async function ledgerOf(db: Db, invoiceId: string): Promise<LedgerEntry[]> {
  const rows = await ledgerRows.run(db, { invoiceId });
  return rows.map((r) => ({
    amount: r.amount,
    refunded: r.refunded_amount,
    status: r.status,
    entryIds: r.schedule_entry_ids,
  }));
}

export async function listPayments(db: Db, invoiceId: string): Promise<PaymentRow[]> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findPayment(
  db: Db,
  locationId: string,
  paymentId: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', paymentId)
    .where('location_id', '=', locationId)
    .executeTakeFirst();
}

/** A payment by its id alone (the CLI, which acts for every location). */
export async function findPaymentById(db: Db, paymentId: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
}

export async function findPaymentByProviderRef(
  db: Db,
  provider: 'test' | 'stripe',
  ref: string,
): Promise<PaymentRow | undefined> {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_ref', '=', ref)
    .executeTakeFirst();
}

export type PaymentChanges = Partial<
  Pick<
    PaymentsTable,
    'status' | 'failure_reason' | 'card_brand' | 'card_last4' | 'customer_ref' | 'method_ref'
  >
> & {
  refunded_amount?: number;
  needs_refund?: boolean;
};

export async function updatePayment(
  trx: Tx,
  paymentId: string,
  changes: PaymentChanges,
): Promise<PaymentRow> {
  return trx
    .updateTable('payments')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', paymentId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertRefund(
  trx: Tx,
  refund: Omit<RefundRow, 'created_at' | 'updated_at'>,
): Promise<RefundRow> {
  return trx.insertInto('refunds').values(refund).returningAll().executeTakeFirstOrThrow();
}

export async function findRefundByProviderRef(db: Db, provider: 'test' | 'stripe', ref: string) {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('provider', '=', provider)
    .where('provider_ref', '=', ref)
    .executeTakeFirst();
}

export async function updateRefundStatus(trx: Tx, refundId: string, status: RefundRow['status']) {
  await trx
    .updateTable('refunds')
    .set({ status, updated_at: sql<Date>`now()` })
    .where('id', '=', refundId)
    .execute();
}

export async function refundsOf(db: Db, invoiceId: string): Promise<RefundRow[]> {
  return db
    .selectFrom('refunds')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .execute();
}

/**
 * Claims a provider event in `trx`: true the first time, false when it was processed before (the
 * transaction that processed it committed), so an event delivered twice acts once.
 */
export async function claimProviderEvent(trx: Tx, provider: string, eventId: string): Promise<boolean> {
  const rows = await trx
    .insertInto('provider_events')
    .values({ provider, event_id: eventId })
    .onConflict((oc) => oc.columns(['provider', 'event_id']).doNothing())
    .returning('event_id')
    .execute();
  return rows.length > 0;
}

export async function setRefundProviderRef(trx: Tx, refundId: string, ref: string) {
  await trx
    .updateTable('refunds')
    .set({ provider_ref: ref, updated_at: sql<Date>`now()` })
    .where('id', '=', refundId)
    .execute();
}
