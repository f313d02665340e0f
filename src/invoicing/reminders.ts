/**
 * The scheduler's reminders task (issue #12 item 6): each sent, unpaid invoice's `remindersConfiguration`
 * reminders, by email and SMS through the delivery pipeline. One transaction per reminder: its unique
 * occurrence row, its deliveries and their jobs, and its history record; the workers deliver after commit.
 */

import { normalisePhone } from '../domain/phone.ts';
import { dueOccurrence, knownZone, type Reminder } from '../domain/reminders.ts';
import { type Channel, type ChannelPlan, channelReport, contactChannels } from '../domain/send.ts';
import type { NewDelivery } from '../store/deliveries.ts';
import { insertDelivery } from '../store/deliveries.ts';
import { recordEvent } from '../store/events.ts';
import {
  claimReminder,
  listReminderCandidates,
  lockReminderCandidate,
  type ReminderCandidate,
} from '../store/reminders.ts';
import type { SchedulerContext } from './context.ts';

const PAGE = 200;

/** The reminder's zone: its own IANA `timezone`, else ("businessTZ", absent) the location's, else UTC. */
function zoneOf(reminder: Reminder, locationZone: string | null): string {
  const own = reminder.timezone && reminder.timezone !== 'businessTZ' ? knownZone(reminder.timezone) : 'UTC';
  return own !== 'UTC' ? own : knownZone(locationZone);
}

/** The first reminder of the invoice that is due now, with its occurrence. */
export function firstDueReminder(
  c: ReminderCandidate,
): { reminder: Reminder; occurrence: number } | undefined {
  const reminders = c.config?.reminderSettings?.reminders ?? [];
  for (const reminder of reminders) {
    const occurrence = dueOccurrence(
      reminder,
      { dueDate: c.due_date, sentAt: new Date(c.sent_at) },
      {
        now: new Date(c.now),
        zone: zoneOf(reminder, c.timezone),
        lastSent: c.last[reminder.reminderId] ?? 0,
      },
    );
    if (occurrence !== undefined) return { reminder, occurrence };
  }
  return undefined;
}

async function remindOne(ctx: SchedulerContext, invoiceId: string): Promise<boolean> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const c = await lockReminderCandidate(trx, invoiceId);
    const due = c && firstDueReminder(c);
    if (!c || !due) return false;
    const { reminder, occurrence } = due;
    const claim = { invoiceId, locationId: c.location_id, reminderId: reminder.reminderId, occurrence };
    if (!(await claimReminder(trx, claim))) return false;
    const { email, rawPhone } = contactChannels(c.contact_details);
    const phone = rawPhone === null ? null : normalisePhone(rawPhone);
    const deliveries: NewDelivery[] = [];
    const mode = { liveMode: c.live_mode, configured: ctx.transports };
    const request = { kind: 'reminder' as const, reminderId: reminder.reminderId, occurrence };
    const channel = (kind: Channel, recipient: string | null) => {
      const planned: ChannelPlan = recipient === null ? 'skipped' : 'send';
      return channelReport(kind, planned, recipient, mode, (message) =>
        deliveries.push({ ...message, invoiceId, locationId: c.location_id, sendEventId: null, request }),
      );
    };
    const emailData = channel('email', email);
    const smsData = channel('sms', phone);
    for (const delivery of deliveries) await insertDelivery(trx, delivery);
    await recordEvent(trx, {
      invoiceId,
      locationId: c.location_id,
      type: 'reminder_sent',
      actor: { system: 'scheduler' },
      data: {
        reminderId: reminder.reminderId,
        reminderName: reminder.reminderName,
        occurrence,
        maxReminders: reminder.maxReminders,
        email: emailData,
        sms: smsData,
      },
    });
    for (const delivery of deliveries)
      await ctx.jobs.enqueue(trx, { id: delivery.id, channel: delivery.channel });
    return true;
  });
}

/** Sends up to `limit` due reminders (one per invoice per pass); returns how many it sent. */
export async function sendDueReminders(ctx: SchedulerContext, limit: number): Promise<number> {
  let sent = 0;
  let after = '';
  for (;;) {
    const page = await listReminderCandidates(ctx.store.db, after, PAGE);
    for (const candidate of page) {
      if (sent >= limit) return sent;
      if (firstDueReminder(candidate) && (await remindOne(ctx, candidate.id))) sent++;
    }
    if (page.length < PAGE) return sent;
    after = page[page.length - 1]!.id;
  }
}
