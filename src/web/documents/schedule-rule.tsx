/** The recurrence part of the schedule editor: its form fields, their parsing, and a summary in words. */
import { DateTime } from 'luxon';
import type { VNode } from 'preact';
import type { ScheduleOptions, StoredRule } from '../../domain/schedule.ts';
import { type FormBody, field } from './draft.ts';
import { Field, Select } from './editor.tsx';

export interface RuleDraft {
  frequency: string;
  interval: string;
  dayOfMonth: string;
  dayOfWeek: string;
  startDate: string;
  startTime: string;
  timezone: string;
  endType: 'never' | 'count' | 'by';
  count: string;
  endDate: string;
  dueAfterDays: string;
}

const FREQUENCIES: Array<[string, string]> = [
  ['daily', 'Daily'],
  ['weekly', 'Weekly'],
  ['monthly', 'Monthly'],
  ['yearly', 'Yearly'],
];
const UNITS: Record<string, [string, string]> = {
  daily: ['day', 'days'],
  weekly: ['week', 'weeks'],
  monthly: ['month', 'months'],
  yearly: ['year', 'years'],
};
const WEEKDAYS: Array<[string, string]> = [
  ['mo', 'Monday'],
  ['tu', 'Tuesday'],
  ['we', 'Wednesday'],
  ['th', 'Thursday'],
  ['fr', 'Friday'],
  ['sa', 'Saturday'],
  ['su', 'Sunday'],
];

export function emptyRule(timezone: string, today: string): RuleDraft {
  return {
    frequency: 'monthly',
    interval: '1',
    dayOfMonth: '',
    dayOfWeek: '',
    startDate: today,
    startTime: '09:00',
    timezone,
    endType: 'never',
    count: '',
    endDate: '',
    dueAfterDays: '',
  };
}

export function ruleFromForm(form: FormBody): RuleDraft {
  const endType = field(form, 'end_type');
  return {
    frequency: field(form, 'frequency', 10),
    interval: field(form, 'interval', 10),
    dayOfMonth: field(form, 'day_of_month', 3),
    dayOfWeek: field(form, 'day_of_week', 2),
    startDate: field(form, 'start_date', 10),
    startTime: field(form, 'start_time', 8),
    timezone: field(form, 'timezone', 100),
    endType: endType === 'count' || endType === 'by' ? endType : 'never',
    count: field(form, 'count', 10),
    endDate: field(form, 'end_date', 10),
    dueAfterDays: field(form, 'due_after_days', 4),
  };
}

/** A one-time schedule (executeAt, from the API) as the same single run: daily, ending after 1. */
function oneRun(options: ScheduleOptions, timezone: string): RuleDraft {
  const at = DateTime.fromISO(options.executeAt ?? '', { zone: timezone });
  const rule = emptyRule(timezone, at.isValid ? at.toISODate()! : '');
  return {
    ...rule,
    frequency: 'daily',
    startTime: at.isValid ? at.toFormat('HH:mm') : rule.startTime,
    endType: 'count',
    count: '1',
    dueAfterDays: options.dueAfterDays === undefined ? '' : String(options.dueAfterDays),
  };
}

export function ruleOf(options: ScheduleOptions, timezone: string): RuleDraft {
  const r = options.rrule;
  if (!r) return oneRun(options, timezone);
  const endType = r.endType === 'by' || (!r.endType && r.endDate) ? 'by' : r.count ? 'count' : 'never';
  return {
    frequency: r.intervalType,
    interval: String(r.interval),
    dayOfMonth: r.dayOfMonth === undefined ? '' : String(r.dayOfMonth),
    dayOfWeek: r.dayOfWeek ?? '',
    startDate: r.startDate,
    startTime: (r.startTime ?? '00:00').slice(0, 5),
    timezone: r.timezone ?? timezone,
    endType,
    count: r.count === undefined ? '' : String(r.count),
    endDate: r.endDate ?? '',
    dueAfterDays: options.dueAfterDays === undefined ? '' : String(options.dueAfterDays),
  };
}

const whole = (text: string, min: number, max: number): number | null =>
  /^-?\d{1,5}$/.test(text) && Number(text) >= min && Number(text) <= max ? Number(text) : null;

/** The ScheduleOptions of a rule draft, or the problems to fix. */
export function parseRule(
  d: RuleDraft,
): { ok: true; value: ScheduleOptions } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (!UNITS[d.frequency]) problems.push('Choose how often: daily, weekly, monthly or yearly.');
  const interval = whole(d.interval, 1, 1000);
  if (interval === null) problems.push('"Every" must be a whole number from 1 to 1000.');
  const dayOfMonth = d.dayOfMonth === '' ? undefined : whole(d.dayOfMonth, -1, 31);
  if (dayOfMonth === null || dayOfMonth === 0)
    problems.push('Day of the month must be 1 to 31, or -1 for the last day.');
  if (d.dayOfWeek !== '' && !WEEKDAYS.some(([v]) => v === d.dayOfWeek))
    problems.push('Choose a day of the week.');
  if (!DateTime.fromISO(d.startDate).isValid || !/^\d{4}-\d{2}-\d{2}$/.test(d.startDate))
    problems.push('The start date must be a date (YYYY-MM-DD).');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(d.startTime)) problems.push('The time must be like 09:00.');
  if (d.timezone !== '' && !DateTime.now().setZone(d.timezone).isValid)
    problems.push('The time zone must be one such as Europe/Berlin or UTC.');
  const count = d.endType === 'count' ? whole(d.count, 1, 10_000) : undefined;
  if (count === null) problems.push('"After" needs a number of invoices from 1 to 10000.');
  if (d.endType === 'by' && !/^\d{4}-\d{2}-\d{2}$/.test(d.endDate))
    problems.push('The end date must be a date (YYYY-MM-DD).');
  const due = d.dueAfterDays === '' ? undefined : whole(d.dueAfterDays, 0, 365);
  if (due === null) problems.push('"Due after" must be a number of days from 0 to 365.');
  if (problems.length > 0) return { ok: false, problems };
  const rrule: StoredRule = {
    intervalType: d.frequency,
    interval: interval!,
    startDate: d.startDate,
    startTime: `${d.startTime}:00`,
    endType: d.endType,
    ...(d.timezone === '' ? {} : { timezone: d.timezone }),
    ...(dayOfMonth == null || d.frequency === 'daily' || d.frequency === 'weekly' ? {} : { dayOfMonth }),
    ...(d.dayOfWeek === '' || d.frequency !== 'weekly'
      ? {}
      : { dayOfWeek: d.dayOfWeek as StoredRule['dayOfWeek'] }),
    ...(count == null ? {} : { count }),
    ...(d.endType === 'by' ? { endDate: d.endDate } : {}),
  };
  return { ok: true, value: { rrule, ...(due == null ? {} : { dueAfterDays: due }) } };
}

/** "Every 2 weeks on Monday at 09:00 (Europe/Berlin), from 2027-01-15, 5 times". */
export function ruleSummary(options: ScheduleOptions, timezone: string): string {
  const r = options.rrule;
  if (!r) return `Once, at ${options.executeAt ?? '?'}`;
  const [one, many] = UNITS[r.intervalType] ?? [r.intervalType, r.intervalType];
  const every = r.interval === 1 ? `Every ${one}` : `Every ${r.interval} ${many}`;
  const on =
    r.intervalType === 'weekly' && r.dayOfWeek
      ? ` on ${WEEKDAYS.find(([v]) => v === r.dayOfWeek)?.[1] ?? r.dayOfWeek}`
      : r.dayOfMonth === -1
        ? ' on the last day of the month'
        : r.dayOfMonth
          ? ` on day ${r.dayOfMonth}`
          : '';
  const end =
    r.endType === 'by' || (!r.endType && r.endDate)
      ? `, until ${r.endDate}`
      : r.count
        ? `, ${r.count} ${r.count === 1 ? 'time' : 'times'}`
        : '';
  return `${every}${on} at ${(r.startTime ?? '00:00').slice(0, 5)} (${r.timezone ?? timezone}), from ${r.startDate}${end}`;
}

/** An instant in the schedule's zone: "2027-01-15 09:00 (Europe/Berlin)". */
export function whenIn(iso: string, timezone: string): string {
  const at = DateTime.fromISO(iso, { zone: timezone });
  return at.isValid ? `${at.toFormat('yyyy-LL-dd HH:mm')} (${timezone})` : iso;
}

export function RuleFields({ rule }: { rule: RuleDraft }): VNode {
  return (
    <fieldset>
      <legend>When it runs</legend>
      <div class="row">
        <Select id="frequency" label="Repeats" value={rule.frequency} options={FREQUENCIES} />
        <Field
          id="interval"
          label="Every (1 = each time)"
          value={rule.interval}
          inputmode="numeric"
          maxLength={4}
        />
        <Field
          id="day_of_month"
          label="Day of the month"
          value={rule.dayOfMonth}
          inputmode="numeric"
          maxLength={3}
          hint="Monthly or yearly; -1 is the last day; empty: the start date's day"
        />
        <Select
          id="day_of_week"
          label="Day of the week"
          value={rule.dayOfWeek}
          options={[['', 'Weekly: the start date’s day'], ...WEEKDAYS]}
        />
      </div>
      <div class="row">
        <Field id="start_date" label="Start date" type="date" value={rule.startDate} required />
        <Field id="start_time" label="Time" type="time" value={rule.startTime} required />
        <Field
          id="timezone"
          label="Time zone"
          value={rule.timezone}
          maxLength={100}
          hint="e.g. Europe/Berlin"
        />
        <Field
          id="due_after_days"
          label="Due after (days)"
          value={rule.dueAfterDays}
          inputmode="numeric"
          maxLength={3}
        />
      </div>
      <div class="row">
        <Select
          id="end_type"
          label="Ends"
          value={rule.endType}
          options={[
            ['never', 'Never'],
            ['count', 'After a number of invoices'],
            ['by', 'On a date'],
          ]}
        />
        <Field id="count" label="Number of invoices" value={rule.count} inputmode="numeric" maxLength={5} />
        <Field id="end_date" label="End date" type="date" value={rule.endDate} />
      </div>
    </fieldset>
  );
}
