/**
 * When a recurring schedule runs (CustomRRuleOptionsDto), with no I/O. rrule (RFC 5545) generates the
 * wall-clock times of the rule as "floating" dates (UTC fields standing for local ones); luxon turns each
 * into an instant in the schedule's time zone, so a 09:00 schedule stays at 09:00 across DST changes. A
 * wall-clock time that does not exist that day (a spring-forward gap) runs as the clock reads after the
 * change (02:30 becomes 03:30); one that exists twice (fall back) runs once, at the first.
 */
import { DateTime } from 'luxon';
import rrulePackage, { type Options } from 'rrule';

const { RRule } = rrulePackage;

export const INTERVAL_TYPES = ['yearly', 'monthly', 'weekly', 'daily', 'hourly'] as const;
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export const MONTHS = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
] as const;

export interface RepeatRule {
  intervalType: (typeof INTERVAL_TYPES)[number];
  interval: number;
  /** YYYY-MM-DD, the first day the schedule may run. */
  startDate: string;
  /** HH:mm:ss; midnight when absent. */
  startTime?: string;
  /** YYYY-MM-DD, the last day it may run (with endTime, the last moment). */
  endDate?: string;
  endTime?: string;
  /** 1-31 or -1 (the last day of the month). A day a month does not have is its last day. */
  dayOfMonth?: number;
  dayOfWeek?: (typeof WEEKDAYS)[number];
  /** 1-4 or -1 (the last such weekday of the month), with dayOfWeek. */
  numOfWeek?: number;
  monthOfYear?: (typeof MONTHS)[number];
  /** At most this many runs in all. */
  count?: number;
  /** 'by' (endDate), 'after' or 'count' (count), 'never'; when absent, whichever of the two is given. */
  endType?: string;
}

export class RecurrenceError extends Error {
  override name = 'RecurrenceError';
}

const RRULE_FREQ = {
  yearly: RRule.YEARLY,
  monthly: RRule.MONTHLY,
  weekly: RRule.WEEKLY,
  daily: RRule.DAILY,
  hourly: RRule.HOURLY,
} as const;
const RRULE_DAYS = [RRule.MO, RRule.TU, RRule.WE, RRule.TH, RRule.FR, RRule.SA, RRule.SU];

function floating(day: string, time: string | undefined, field: string): Date {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time ?? '00:00:00');
  if (!d) throw new RecurrenceError(`${field} must be a date in YYYY-MM-DD format`);
  if (!t) throw new RecurrenceError(`${field.replace('Date', 'Time')} must be a time in HH:mm:ss format`);
  const [y, m, dd] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  const date = new Date(Date.UTC(y, m - 1, dd, h, mi, s));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== dd || h > 23 || mi > 59 || s > 59) {
    throw new RecurrenceError(`${field} ${day} ${time ?? ''} is not a real date and time`.trim());
  }
  return date;
}

/** A day of the month, clamped to the month's last day: "the 31st" of April is the 30th. */
function monthDay(day: number): Partial<Pick<Options, 'bymonthday' | 'bysetpos'>> {
  if (day === -1 || day <= 28) return { bymonthday: day };
  // The latest of 28..day the month has: RFC 5545 skips a month without the day; people expect its last day.
  const candidates = [28, 29, 30, 31].filter((d) => d <= day);
  return { bymonthday: candidates, bysetpos: -1 };
}

/** The rule as rrule options over floating wall-clock dates; refuses a rule that cannot run. */
function rruleOptions(rule: RepeatRule): Partial<Options> {
  if (!Number.isInteger(rule.interval) || rule.interval < 1 || rule.interval > 1000) {
    throw new RecurrenceError('interval must be a whole number from 1 to 1000');
  }
  const dtstart = floating(rule.startDate, rule.startTime, 'startDate');
  const opts: Partial<Options> = { freq: RRULE_FREQ[rule.intervalType], interval: rule.interval, dtstart };
  const dom = rule.dayOfMonth;
  if (dom !== undefined && !(Number.isInteger(dom) && (dom === -1 || (dom >= 1 && dom <= 31)))) {
    throw new RecurrenceError('dayOfMonth must be -1 (the last day) or from 1 to 31');
  }
  const nth = rule.numOfWeek;
  if (nth !== undefined && !(Number.isInteger(nth) && (nth === -1 || (nth >= 1 && nth <= 4)))) {
    throw new RecurrenceError('numOfWeek must be -1 (the last) or from 1 to 4');
  }
  if (nth !== undefined && rule.dayOfWeek === undefined) {
    throw new RecurrenceError('numOfWeek needs a dayOfWeek');
  }
  const weekday = rule.dayOfWeek === undefined ? undefined : RRULE_DAYS[WEEKDAYS.indexOf(rule.dayOfWeek)]!;
  const startDay = dtstart.getUTCDate();
  const inMonth = () =>
    weekday !== undefined && nth !== undefined
      ? { byweekday: [weekday.nth(nth)] }
      : monthDay(dom ?? startDay);
  switch (rule.intervalType) {
    case 'yearly':
      Object.assign(opts, {
        bymonth: rule.monthOfYear ? MONTHS.indexOf(rule.monthOfYear) + 1 : dtstart.getUTCMonth() + 1,
        ...inMonth(),
      });
      break;
    case 'monthly':
      Object.assign(opts, inMonth());
      break;
    case 'weekly':
      if (weekday) opts.byweekday = [weekday];
      break;
  }
  const endType = rule.endType ?? (rule.endDate ? 'by' : rule.count !== undefined ? 'count' : 'never');
  if (endType === 'by') {
    if (!rule.endDate) throw new RecurrenceError('endType "by" needs an endDate');
    opts.until = floating(rule.endDate, rule.endTime ?? '23:59:59', 'endDate');
    if (opts.until < dtstart) throw new RecurrenceError('endDate must not be before startDate');
  } else if (endType === 'after' || endType === 'count') {
    if (rule.count === undefined || !Number.isInteger(rule.count) || rule.count < 1 || rule.count > 10_000) {
      throw new RecurrenceError('count must be a whole number from 1 to 10000');
    }
    opts.count = rule.count;
  } else if (endType !== 'never') {
    throw new RecurrenceError('endType must be one of by, after, count, never');
  }
  return opts;
}

/** Checks the rule (a RecurrenceError names the first problem) and the time zone. */
export function assertValidRule(rule: RepeatRule, timezone: string): void {
  if (!DateTime.now().setZone(timezone).isValid) {
    throw new RecurrenceError(`timezone ${timezone} is not an IANA time zone, e.g. America/New_York`);
  }
  rruleOptions(rule);
}

function wallClock(instant: Date, timezone: string): Date {
  const local = DateTime.fromJSDate(instant, { zone: timezone });
  return new Date(
    Date.UTC(
      local.year,
      local.month - 1,
      local.day,
      local.hour,
      local.minute,
      local.second,
      local.millisecond,
    ),
  );
}

function instantOf(floatingDate: Date, timezone: string): Date {
  const fields = {
    year: floatingDate.getUTCFullYear(),
    month: floatingDate.getUTCMonth() + 1,
    day: floatingDate.getUTCDate(),
    hour: floatingDate.getUTCHours(),
    minute: floatingDate.getUTCMinutes(),
    second: floatingDate.getUTCSeconds(),
  };
  const local = DateTime.fromObject(fields, { zone: timezone });
  // A wall-clock time that happens twice (fall back): luxon picks the later; the schedule runs at the first.
  for (const minutes of [60, 30]) {
    const earlier = local.minus({ minutes });
    if (earlier.hour === fields.hour && earlier.minute === fields.minute && earlier.day === fields.day) {
      return earlier.toJSDate();
    }
  }
  return local.toJSDate();
}

/**
 * The first run strictly after `after`, or null when the rule has no more runs. Runs are compared as
 * instants: two wall-clock times that map to one instant (fall back) run once.
 */
export function nextRun(rule: RepeatRule, timezone: string, after: Date): Date | null {
  const rrule = new RRule(rruleOptions(rule));
  // A wall-clock time an hour either side of `after` covers any DST shift between the two clocks.
  let cursor = new Date(wallClock(after, timezone).getTime() - 2 * 3600_000);
  for (let i = 0; i < 10; i++) {
    const next = rrule.after(cursor, false);
    if (!next) return null;
    const instant = instantOf(next, timezone);
    if (instant > after) return instant;
    cursor = next;
  }
  return null;
}

/** Every run in (from, to], oldest first, at most `limit` of them. */
export function runsBetween(rule: RepeatRule, timezone: string, from: Date, to: Date, limit: number): Date[] {
  const runs: Date[] = [];
  let cursor = from;
  while (runs.length < limit) {
    const next = nextRun(rule, timezone, cursor);
    if (!next || next > to) break;
    runs.push(next);
    cursor = next;
  }
  return runs;
}
