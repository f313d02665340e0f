/**
 * Reminder statements (migration 020): the invoices that may owe a reminder, with the time it is for
 * them (rowNow: the test clock for test-mode invoices) and their last occurrence per reminder; and the
 * claim of one occurrence, unique per (invoice, reminder, occurrence).
 */
import { sql } from 'kysely';
import type { ContactDetails } from '../domain/invoice.ts';
import type { RemindersConfiguration } from '../domain/reminders.ts';
import { rowNow } from './clocks.ts';
import type { Db, Tx } from './db.ts';

/** Statuses that get reminders: sent and not (fully) paid; never a draft, a paid or a void invoice. */
const REMINDED = ['sent', 'partially_paid'] as const;

export interface ReminderCandidate {
  id: string;
  location_id: string;
  live_mode: boolean;
  due_date: string;
  sent_at: Date;
  contact_details: ContactDetails;
  config: RemindersConfiguration;
  timezone: string | null;
  now: Date;
  /** The highest occurrence sent per reminderId. */
  last: Record<string, number>;
}

function candidates(db: Db) {
  return db
    .selectFrom('invoices')
    .innerJoin('locations', 'locations.id', 'invoices.location_id')
    .select([
      'invoices.id',
      'invoices.location_id',
      'invoices.live_mode',
      'invoices.due_date',
      'invoices.sent_at',
      'invoices.contact_details',
      sql<RemindersConfiguration>`invoices.extra->'remindersConfiguration'`.as('config'),
      'locations.timezone',
      rowNow('invoices.live_mode', 'invoices.location_id').as('now'),
      sql<Record<string, number>>`coalesce((select jsonb_object_agg(r.reminder_id, r.n) from (
          select reminder_id, max(occurrence) as n from invoice_reminders
          where invoice_id = invoices.id group by reminder_id) r), '{}'::jsonb)`.as('last'),
    ])
    .where('invoices.status', 'in', REMINDED)
    .where(sql<boolean>`invoices.extra ? 'remindersConfiguration'`)
    .where('invoices.sent_at', 'is not', null);
}

/** Invoices with reminders configured, after `afterId` in id order, `limit` of them. */
export async function listReminderCandidates(
  db: Db,
  afterId: string,
  limit: number,
): Promise<ReminderCandidate[]> {
  const rows = await candidates(db)
    .where('invoices.id', '>', afterId)
    .orderBy('invoices.id')
    .limit(limit)
    .execute();
  return rows as ReminderCandidate[];
}

/** The candidate again, locked (SKIP LOCKED: another runner has it), still owing reminders; or undefined. */
export async function lockReminderCandidate(trx: Tx, id: string): Promise<ReminderCandidate | undefined> {
  const row = await candidates(trx)
    .where('invoices.id', '=', id)
    .forUpdate('invoices')
    .skipLocked()
    .executeTakeFirst();
  return row as ReminderCandidate | undefined;
}

/** Claims the occurrence; false when it, or a later one, of the reminder was already sent. */
export async function claimReminder(
  trx: Tx,
  claim: { invoiceId: string; locationId: string; reminderId: string; occurrence: number },
): Promise<boolean> {
  const result = await sql`
    insert into invoice_reminders (invoice_id, reminder_id, occurrence, location_id)
    select ${claim.invoiceId}, ${claim.reminderId}, ${claim.occurrence}, ${claim.locationId}
    where not exists (select 1 from invoice_reminders where invoice_id = ${claim.invoiceId}
                      and reminder_id = ${claim.reminderId} and occurrence >= ${claim.occurrence})
    on conflict do nothing`.execute(trx);
  return (result.numAffectedRows ?? 0n) > 0n;
}
