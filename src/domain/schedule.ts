/**
 * Recurring invoice schedules (issue #12 item 2), with no I/O: what a schedule holds, when it runs
 * (src/domain/recurrence.ts does the rule's arithmetic), and the dates of the invoice one run creates.
 */
import { DateTime } from 'luxon';
import type { BusinessDetails, ContactDetails, Discount, EchoedFields, InvoiceItemInput } from './invoice.ts';
import { assertValidRule, nextRun, RecurrenceError, type RepeatRule } from './recurrence.ts';

export const SCHEDULE_STATUSES = ['draft', 'active', 'completed', 'cancelled'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

/** CustomRRuleOptionsDto as stored: the rule, its own time zone (our addition) and the DTO's extra fields. */
export interface StoredRule extends Omit<RepeatRule, 'intervalType'> {
  intervalType: string;
  timezone?: string;
  daysBefore?: number;
  useStartAsPrimaryUserAccepted?: boolean;
}

/** ScheduleOptionsDto: a rule, or one run at `executeAt`; `dueAfterDays` is our addition (the invoice's terms). */
export interface ScheduleOptions {
  executeAt?: string;
  rrule?: StoredRule;
  dueAfterDays?: number;
}

/** The invoice fields of a schedule (CreateInvoiceScheduleDto without its location, name and mode). */
export interface ScheduleFields extends EchoedFields {
  contactDetails: ContactDetails;
  businessDetails: BusinessDetails;
  items: Array<InvoiceItemInput & { _id: string }>;
  discount: Discount;
  termsNotes?: string;
  title?: string;
  invoiceNumberPrefix?: string;
  schedule: ScheduleOptions;
}

export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

const RULE_TYPES = ['yearly', 'monthly', 'weekly', 'daily'];

/** The rule recurrence.ts runs; 'hourly', 'minutely' and 'secondly' are refused (an invoice a minute is a mistake). */
function repeatRule(rule: StoredRule): RepeatRule {
  if (!RULE_TYPES.includes(rule.intervalType)) {
    throw new ScheduleError(
      `schedule.rrule.intervalType ${rule.intervalType} is not supported; use one of ${RULE_TYPES.join(', ')}`,
    );
  }
  return rule as RepeatRule;
}

/** The zone the schedule's wall-clock times are in: the rule's, else the location's, else UTC. */
export function scheduleTimezone(options: ScheduleOptions, locationTimezone: string | null): string {
  return options.rrule?.timezone ?? locationTimezone ?? 'UTC';
}

/** Checks the schedule's options; a ScheduleError names the first problem (a 422 at the edge). */
export function assertValidSchedule(options: ScheduleOptions, timezone: string): void {
  if (options.rrule === undefined) {
    if (options.executeAt === undefined) {
      throw new ScheduleError('schedule needs an rrule (a repeat rule) or an executeAt (one run)');
    }
    executeAtOf(options.executeAt);
    return;
  }
  try {
    assertValidRule(repeatRule(options.rrule), timezone);
  } catch (error) {
    if (error instanceof RecurrenceError) throw new ScheduleError(`schedule.rrule: ${error.message}`);
    throw error;
  }
}

function executeAtOf(text: string): Date {
  const at = DateTime.fromISO(text, { zone: 'UTC' });
  if (!at.isValid) {
    throw new ScheduleError(`schedule.executeAt ${text} is not a date and time, e.g. 2027-01-31T09:00:00Z`);
  }
  return at.toJSDate();
}

/**
 * The first run strictly after `after`, or null when there is none: the rule's next run, or the one
 * run at executeAt (once: `runsDone` > 0 means it ran). A rule's count is counted from its startDate.
 */
export function runAfter(options: ScheduleOptions, timezone: string, after: Date, runsDone = 0): Date | null {
  if (options.rrule === undefined) {
    const at = executeAtOf(options.executeAt ?? '');
    return runsDone === 0 && at > after ? at : null;
  }
  return nextRun(repeatRule(options.rrule), timezone, after);
}

/** The day (YYYY-MM-DD) an occurrence falls on in the schedule's time zone: its invoice's issue date. */
export function occurrenceDay(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toISODate()!;
}

export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate()!;
}
