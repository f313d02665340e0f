/**
 * The location's overview (issue #13 item 7): per currency what is outstanding, overdue and paid this
 * month, the ageing of unpaid invoices and the payments of the last months, for the invoices of one mode
 * (test or live). "Today" is the mode's: the location's test clock for test data (store/clocks.ts).
 */
import {
  AGEING_BUCKETS,
  type AgeingBucket,
  bucketDueRange,
  lastMonths,
  type MonthRange,
} from '../domain/ageing.ts';
import { locationNow } from '../store/clocks.ts';
import { ageingByCurrency, paidByMonth } from '../store/overview.ts';
import type { StoreContext } from './context.ts';

export const OVERVIEW_MONTHS = 12;

export interface AgeingFigure {
  bucket: AgeingBucket;
  count: number;
  amount: number;
  dueFrom?: string;
  dueTo?: string;
}

export interface PaidMonthFigure extends MonthRange {
  invoices: number;
  amount: number;
}

export interface CurrencyOverview {
  currency: string;
  outstanding: number;
  overdue: number;
  paidThisMonth: number;
  ageing: AgeingFigure[];
  paid: PaidMonthFigure[];
}

export interface LocationOverview {
  today: string;
  liveMode: boolean;
  currencies: CurrencyOverview[];
}

export async function locationOverview(
  ctx: StoreContext,
  locationId: string,
  liveMode: boolean,
): Promise<LocationOverview> {
  const db = ctx.store.db;
  const today = (await locationNow(db, locationId, liveMode)).toISOString().slice(0, 10);
  const months = lastMonths(today, OVERVIEW_MONTHS);
  const [ageing, paid] = await Promise.all([
    ageingByCurrency(db, { locationId, liveMode, today }),
    paidByMonth(db, { locationId, liveMode, from: months[0]!.from, to: months.at(-1)!.to }),
  ]);
  const codes = [...new Set([...ageing.map((r) => r.currency), ...paid.map((r) => r.currency)])].sort();
  const currencies = codes.map((currency): CurrencyOverview => {
    const buckets = AGEING_BUCKETS.map((bucket, i): AgeingFigure => {
      const row = ageing.find((r) => r.currency === currency && r.bucket === i);
      return { bucket, count: row?.count ?? 0, amount: row?.amount ?? 0, ...bucketDueRange(today, bucket) };
    });
    const perMonth = months.map((m): PaidMonthFigure => {
      const row = paid.find((r) => r.currency === currency && r.month === m.month);
      return { ...m, invoices: row?.invoices ?? 0, amount: row?.amount ?? 0 };
    });
    const outstanding = buckets.reduce((sum, b) => sum + b.amount, 0);
    return {
      currency,
      outstanding,
      overdue: outstanding - buckets[0]!.amount,
      paidThisMonth: perMonth.at(-1)!.amount,
      ageing: buckets,
      paid: perMonth,
    };
  });
  return { today, liveMode, currencies };
}
