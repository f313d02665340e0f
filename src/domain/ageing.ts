/**
 * The overview's buckets (issue #13 item 7), with no I/O: unpaid invoices by days past due, and the last
 * months of payments, each with the date range the invoice list filters by. Days are calendar dates
 * (YYYY-MM-DD); "days past due" is today minus the due date, so an invoice due today is current.
 */
export interface AgeingBucket {
  id: 'current' | '1-30' | '31-60' | '61-90' | '90+';
  label: string;
  /** Days past due, inclusive; null: unbounded. */
  minDays: number | null;
  maxDays: number | null;
}

export const AGEING_BUCKETS: readonly AgeingBucket[] = [
  { id: 'current', label: 'Current', minDays: null, maxDays: 0 },
  { id: '1-30', label: '1–30 days', minDays: 1, maxDays: 30 },
  { id: '31-60', label: '31–60 days', minDays: 31, maxDays: 60 },
  { id: '61-90', label: '61–90 days', minDays: 61, maxDays: 90 },
  { id: '90+', label: 'Over 90 days', minDays: 91, maxDays: null },
];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(day: string): Date {
  const m = DAY.exec(day);
  if (!m) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

const dayText = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  const d = parseDay(day);
  d.setUTCDate(d.getUTCDate() + days);
  return dayText(d);
}

/** Whole days from `due` to `today` (negative before the due date). */
export function daysPastDue(today: string, due: string): number {
  return Math.round((parseDay(today).getTime() - parseDay(due).getTime()) / 86_400_000);
}

/** The index in AGEING_BUCKETS of an invoice `days` past due. */
export function bucketIndex(days: number): number {
  const i = AGEING_BUCKETS.findIndex(
    (b) => (b.minDays ?? -Infinity) <= days && days <= (b.maxDays ?? Infinity),
  );
  return Math.max(i, 0);
}

/** The due dates of a bucket's invoices: `dueFrom` <= due date <= `dueTo` (either may be open). */
export function bucketDueRange(today: string, bucket: AgeingBucket): { dueFrom?: string; dueTo?: string } {
  return {
    ...(bucket.maxDays !== null ? { dueFrom: addDays(today, -bucket.maxDays) } : {}),
    ...(bucket.minDays !== null ? { dueTo: addDays(today, -bucket.minDays) } : {}),
  };
}

export interface MonthRange {
  /** YYYY-MM */
  month: string;
  /** First and last day of the month. */
  from: string;
  to: string;
}

/** The `count` months up to and including today's, oldest first. */
export function lastMonths(today: string, count: number): MonthRange[] {
  const d = parseDay(today);
  const months: MonthRange[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
    months.push({ month: dayText(first).slice(0, 7), from: dayText(first), to: dayText(last) });
  }
  return months;
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03" -> "Mar 2026". */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-');
  return `${MONTH_NAMES[Number(m) - 1] ?? m} ${year}`;
}
