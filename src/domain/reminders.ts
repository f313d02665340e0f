/**
 * Invoice reminders (issue #12 item 6; ReminderDto in the official DTOs): when each occurrence of a
 * reminder falls, and which one is due now. No I/O; times are instants, local times through Intl.
 */

export type IntervalType = 'yearly' | 'monthly' | 'weekly' | 'daily' | 'hourly' | 'minutely' | 'secondly';

/** ReminderDto. */
export interface Reminder {
  enabled: boolean;
  emailTemplate: string;
  smsTemplate: string;
  emailSubject: string;
  reminderId: string;
  reminderName: string;
  reminderTime: 'before' | 'after';
  intervalType: IntervalType;
  maxReminders: number;
  reminderInvoiceCondition: 'invoice_sent' | 'invoice_overdue';
  reminderNumber: number;
  /** "9:00 AM"; business hours start (docs/decisions.md "Reminders"). */
  startTime?: string;
  endTime?: string;
  /** An IANA zone, or "businessTZ" (the location's). */
  timezone?: string;
}

/** RemindersConfigurationDto. */
export interface RemindersConfiguration {
  reminderExecutionDetailsList: Record<string, unknown>;
  reminderSettings: { defaultEmailTemplateId: string; reminders: Reminder[] };
}

export const DEFAULT_START = '9:00 AM';
export const DEFAULT_END = '5:00 PM';

const MS: Record<string, number> = {
  weekly: 7 * 86_400_000,
  daily: 86_400_000,
  hourly: 3_600_000,
  minutely: 60_000,
  secondly: 1000,
};

/** `at` moved by `count` units (months and years by the calendar, in UTC). */
export function addInterval(at: Date, unit: IntervalType, count: number): Date {
  if (unit === 'monthly' || unit === 'yearly') {
    const d = new Date(at.getTime());
    d.setUTCMonth(d.getUTCMonth() + count * (unit === 'yearly' ? 12 : 1));
    return d;
  }
  return new Date(at.getTime() + count * MS[unit]!);
}

/** Minutes after midnight of "9:00 AM", "17:30" or "5 PM"; undefined when it is none of those. */
export function parseClock(value: string): number | undefined {
  const m = /^\s*(\d{1,2})(?::(\d{2}))?\s*([AaPp][Mm])?\s*$/.exec(value);
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? 0);
  const half = m[3]?.toUpperCase();
  if (minutes > 59 || hours > (half ? 12 : 23) || (half && hours === 0)) return undefined;
  if (half === 'AM' && hours === 12) hours = 0;
  if (half === 'PM' && hours !== 12) hours += 12;
  return hours * 60 + minutes;
}

/** A zone Intl knows, else UTC. */
export function knownZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

function localParts(at: Date, zone: string): { minutes: number; offsetMs: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return {
    minutes: get('hour') * 60 + get('minute'),
    offsetMs: asUtc - Math.floor(at.getTime() / 1000) * 1000,
  };
}

/** Midnight starting the day (YYYY-MM-DD) in the zone. */
export function startOfDay(day: string, zone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  const first = guess - localParts(new Date(guess), zone).offsetMs;
  return new Date(guess - localParts(new Date(first), zone).offsetMs);
}

/** Whether `at` is within the reminder's business hours, in its zone. */
export function inBusinessHours(reminder: Reminder, at: Date, zone: string): boolean {
  const start = parseClock(reminder.startTime ?? DEFAULT_START) ?? parseClock(DEFAULT_START)!;
  const end = parseClock(reminder.endTime ?? DEFAULT_END) ?? parseClock(DEFAULT_END)!;
  const { minutes } = localParts(at, zone);
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * When occurrence k (1-based, in time order) falls: `before`, the last one interval before the due date's
 * start and the others an interval apart before it (maxReminders in all);
 * `after` on `invoice_sent`, k intervals after the send; `after` on `invoice_overdue`, when the invoice
 * becomes overdue (the day after its due date) and then every interval.
 */
export function occurrenceAt(
  reminder: Reminder,
  k: number,
  invoice: { dueDate: string; sentAt: Date },
  zone: string,
): Date {
  const n = reminder.reminderNumber;
  const due = startOfDay(invoice.dueDate, zone);
  if (reminder.reminderTime === 'before')
    return addInterval(due, reminder.intervalType, -(reminder.maxReminders - k + 1) * n);
  if (reminder.reminderInvoiceCondition === 'invoice_sent')
    return addInterval(invoice.sentAt, reminder.intervalType, k * n);
  const overdue = new Date(due.getTime() + 86_400_000);
  return addInterval(overdue, reminder.intervalType, (k - 1) * n);
}

/**
 * The occurrence to send now, if any: the latest one that has fallen (after the invoice was sent) and
 * is later than `lastSent`, while `now` is within business hours. Missed ones are skipped: after downtime
 * one reminder goes out, not one per missed occurrence.
 */
export function dueOccurrence(
  reminder: Reminder,
  invoice: { dueDate: string; sentAt: Date },
  state: { now: Date; zone: string; lastSent: number },
): number | undefined {
  if (!reminder.enabled || reminder.reminderNumber <= 0) return undefined;
  const { now, zone, lastSent } = state;
  let latest: number | undefined;
  for (let k = 1; k <= Math.min(reminder.maxReminders, 1000); k++) {
    const at = occurrenceAt(reminder, k, invoice, zone).getTime();
    if (at > now.getTime()) break;
    // An occurrence that fell before the invoice was sent is not sent late.
    if (at >= invoice.sentAt.getTime()) latest = k;
  }
  if (latest === undefined || latest <= lastSent) return undefined;
  return inBusinessHours(reminder, now, zone) ? latest : undefined;
}
