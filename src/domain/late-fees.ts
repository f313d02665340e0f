/**
 * Late fees (issue #12 item 5; docs/decisions.md "Late fees"): when an invoice's late-fee periods fall
 * due and what each one costs, from its LateFeesConfigurationDto. Pure: the scheduler task
 * (invoicing/apply-late-fees.ts) and the store (the invoice's late_fees_due_at) both read it.
 *
 * Period 0 falls due when the grace days after the due date are over (the due date ends at 24:00 UTC);
 * period k of a recurring rule k intervals later. A fixed fee is its value each period, a percentage
 * fee that percent of the amount due then, late fees not counted (no fee on a fee), rounded half up to
 * minor units. `maxLateFees` caps their sum: the period that reaches it is charged the rest.
 */
import { type Decimal, MoneyError, percentOf, toDecimal, toMinor } from './money.ts';

export type LateFeeInterval = 'minute' | 'hour' | 'day' | 'week' | 'month';

export interface LateFeeRule {
  type: 'fixed' | 'percentage';
  /** A fixed fee in minor units (0 for a percentage rule). */
  fixed: number;
  /** A percentage rule's percent (0 for a fixed rule). */
  percent: Decimal;
  /** Null: charged once. */
  every: { interval: LateFeeInterval; count: number } | null;
  graceDays: number;
  /** The most all periods together may cost, in minor units; null: no cap. */
  max: number | null;
}

/** No invoice is charged more periods than this (a per-minute rule without a cap would never end). */
export const MAX_LATE_FEE_PERIODS = 1000;

const INTERVALS = ['minute', 'hour', 'day', 'week', 'month', 'one_time'];
const MS: Record<Exclude<LateFeeInterval, 'month'>, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};
const DAY_MS = MS.day;

type Config = Record<string, unknown>;
const isObject = (v: unknown): v is Config => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWhole = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;

function minor(value: unknown, currency: string, field: string, problems: string[]): number {
  if (typeof value !== 'number' || !(value >= 0)) {
    problems.push(`${field} must be a number not less than 0`);
    return 0;
  }
  try {
    return toMinor(value, currency);
  } catch (err) {
    if (!(err instanceof MoneyError)) throw err;
    problems.push(`${field} ${err.message}`);
    return 0;
  }
}

function parse(config: unknown, currency: string): { rule: LateFeeRule | null; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(config) || config.enable !== true) return { rule: null, problems };
  const f = 'lateFeesConfiguration';
  const type = config.type === 'percentage' ? 'percentage' : 'fixed';
  let fixed = 0;
  let percent: Decimal = { units: 0n, scale: 0 };
  if (type === 'fixed') fixed = minor(config.value, currency, `${f}.value`, problems);
  else if (typeof config.value !== 'number' || !(config.value >= 0 && config.value <= 100)) {
    problems.push(`${f}.value must be a percentage from 0 to 100`);
  } else {
    percent = toDecimal(config.value);
    if (percent.scale > 4) problems.push(`${f}.value must have at most 4 decimal places`);
  }
  const frequency = isObject(config.frequency) ? config.frequency : {};
  const interval = String(frequency.interval);
  let every: LateFeeRule['every'] = null;
  if (!INTERVALS.includes(interval)) {
    problems.push(`${f}.frequency.interval must be one of ${INTERVALS.join(', ')}`);
  } else if (interval !== 'one_time') {
    if (!isWhole(frequency.intervalCount, 1) || (frequency.intervalCount as number) > 1000) {
      problems.push(`${f}.frequency.intervalCount must be a whole number from 1 to 1000`);
    }
    every = { interval: interval as LateFeeInterval, count: Number(frequency.intervalCount) };
  }
  const grace = isObject(config.grace) ? config.grace : { intervalCount: 0 };
  if (!isWhole(grace.intervalCount, 0) || (grace.intervalCount as number) > 3650) {
    problems.push(`${f}.grace.intervalCount must be a whole number of days from 0 to 3650`);
  }
  const max = isObject(config.maxLateFees)
    ? minor(config.maxLateFees.value, currency, `${f}.maxLateFees.value`, problems)
    : null;
  if (problems.length > 0) return { rule: null, problems };
  return {
    rule: { type, fixed, percent, every, graceDays: Number(grace.intervalCount), max },
    problems,
  };
}

/** What makes an enabled rule one nothing can be charged by (the PATCH's 422); none for a disabled one. */
export function lateFeeProblems(config: unknown, currency: string): string[] {
  return parse(config, currency).problems;
}

/** The rule an invoice's configuration states; null when it is absent, disabled or unusable. */
export function lateFeeRule(config: unknown, currency: string): LateFeeRule | null {
  return parse(config, currency).rule;
}

function addMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(from);
  d.setUTCFullYear(y, m, Math.min(from.getUTCDate(), lastDay));
  return d;
}

/** When period `index` falls due: the grace days after the due date, then one interval per period. */
export function periodDueAt(rule: LateFeeRule, dueDate: string, index: number): Date {
  const start = new Date(Date.parse(`${dueDate.slice(0, 10)}T00:00:00.000Z`) + (1 + rule.graceDays) * DAY_MS);
  if (index === 0 || rule.every === null) return start;
  const { interval, count } = rule.every;
  if (interval === 'month') return addMonths(start, index * count);
  return new Date(start.getTime() + index * count * MS[interval]);
}

/** What an invoice has been charged so far: periods done (charged or found to cost nothing), their sum. */
export interface LateFeesCharged {
  periods: number;
  total: number;
}

function periodLimit(rule: LateFeeRule): number {
  return rule.every === null ? 1 : MAX_LATE_FEE_PERIODS;
}

/** When the next period falls due; null when none will (no rule, one-time done, cap reached). */
export function nextLateFeeAt(
  rule: LateFeeRule | null,
  dueDate: string,
  charged: LateFeesCharged,
): Date | null {
  if (rule === null || charged.periods >= periodLimit(rule)) return null;
  if (rule.max !== null && charged.total >= rule.max) return null;
  return periodDueAt(rule, dueDate, charged.periods);
}

export interface LateFeeLine {
  period: number;
  dueAt: Date;
  /** Minor units, more than 0. */
  amount: number;
}

/**
 * The periods due by `now` not yet done, and what each costs on `base` (the amount due without late
 * fees); periods that cost nothing (nothing left under the cap, or a percentage of 0) are done without
 * a line.
 */
export function dueLateFees(
  rule: LateFeeRule,
  dueDate: string,
  charged: LateFeesCharged,
  now: Date,
  base: number,
): { lines: LateFeeLine[]; charged: LateFeesCharged } {
  const lines: LateFeeLine[] = [];
  let { periods, total } = charged;
  const cost = rule.type === 'fixed' ? rule.fixed : percentOf(Math.max(0, base), rule.percent);
  while (periods < periodLimit(rule) && (rule.max === null || total < rule.max)) {
    const dueAt = periodDueAt(rule, dueDate, periods);
    if (dueAt.getTime() > now.getTime()) break;
    const amount = rule.max === null ? cost : Math.min(cost, rule.max - total);
    if (amount > 0) lines.push({ period: periods, dueAt, amount });
    total += amount;
    periods += 1;
  }
  return { lines, charged: { periods, total } };
}
