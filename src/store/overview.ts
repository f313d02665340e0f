/**
 * The overview's figures (issue #13 item 7), grouped in PostgreSQL: a handful of rows per currency
 * whatever the number of invoices. Unpaid: sent, partially paid or with a payment processing; the
 * balance is total minus amount paid. Paid: payments (succeeded, or later refunded, net of refunds) of
 * invoices that are paid now, by the UTC month of the payment's date — the invoices the list shows for
 * `status=paid&paidFrom&paidTo`.
 */
import { sql } from 'kysely';
import type { Db } from './db.ts';

export const UNPAID_STATUSES = ['sent', 'partially_paid', 'payment_processing'] as const;

export interface AgeingRow {
  currency: string;
  /** Index in domain/ageing.ts AGEING_BUCKETS. */
  bucket: number;
  count: number;
  amount: number;
}

/** Unpaid invoices of the location (in one mode) per currency and ageing bucket, as of `today`. */
export async function ageingByCurrency(
  db: Db,
  p: { locationId: string; liveMode: boolean; today: string },
): Promise<AgeingRow[]> {
  const today = sql`${p.today}::date`;
  const bucket = sql<number>`case when due_date >= ${today} then 0
    when ${today} - due_date <= 30 then 1
    when ${today} - due_date <= 60 then 2
    when ${today} - due_date <= 90 then 3
    else 4 end`;
  const rows = await db
    .selectFrom('invoices')
    .select([
      'currency',
      bucket.as('bucket'),
      sql<string>`count(*)`.as('count'),
      sql<string>`coalesce(sum(total - amount_paid), 0)`.as('amount'),
    ])
    .where('location_id', '=', p.locationId)
    .where('live_mode', '=', p.liveMode)
    .where('status', 'in', [...UNPAID_STATUSES])
    .groupBy(['currency', sql`2`])
    .orderBy('currency')
    .execute();
  return rows.map((r) => ({
    currency: r.currency,
    bucket: Number(r.bucket),
    count: Number(r.count),
    amount: Number(r.amount),
  }));
}

export interface PaidMonthRow {
  currency: string;
  /** YYYY-MM */
  month: string;
  invoices: number;
  amount: number;
}

/** Payments of paid invoices per currency and month, for days `from` to `to` (inclusive, UTC). */
export async function paidByMonth(
  db: Db,
  p: { locationId: string; liveMode: boolean; from: string; to: string },
): Promise<PaidMonthRow[]> {
  const month = sql<string>`to_char(payments.fulfilled_at at time zone 'UTC', 'YYYY-MM')`;
  const rows = await db
    .selectFrom('payments')
    .innerJoin('invoices', 'invoices.id', 'payments.invoice_id')
    .select([
      'payments.currency as currency',
      month.as('month'),
      sql<string>`count(distinct invoices.id)`.as('invoices'),
      sql<string>`coalesce(sum(payments.amount - payments.refunded_amount), 0)`.as('amount'),
    ])
    .where('payments.location_id', '=', p.locationId)
    .where('payments.status', 'in', ['succeeded', 'refunded'])
    .where(sql<boolean>`payments.fulfilled_at >= (${p.from}::date)::timestamp at time zone 'UTC'`)
    .where(sql<boolean>`payments.fulfilled_at < (${p.to}::date + 1)::timestamp at time zone 'UTC'`)
    .where('invoices.location_id', '=', p.locationId)
    .where('invoices.live_mode', '=', p.liveMode)
    .where('invoices.status', '=', 'paid')
    .groupBy(['payments.currency', sql`2`])
    .orderBy('payments.currency')
    .execute();
  return rows.map((r) => ({
    currency: r.currency,
    month: r.month,
    invoices: Number(r.invoices),
    amount: Number(r.amount),
  }));
}
