/**
 * The scheduler task of recurring schedules (docs/decisions.md "Recurring schedules"). Each due schedule
 * is claimed with FOR UPDATE SKIP LOCKED and one occurrence runs in ONE transaction: the occurrence's row
 * (unique per schedule and time), the invoice (createInvoiceIn), its send (sendIn: deliveries, the
 * InvoiceSent event, auto-payment's charges), and the schedule's next run. A crash anywhere rolls all of
 * it back; a second runner skips the locked schedule; an occurrence that exists is never created again.
 */
import { addDays, occurrenceDay, runAfter } from '../domain/schedule.ts';
import type { SendAction } from '../domain/send.ts';
import { contactChannels } from '../domain/send.ts';
import { AppError } from '../errors.ts';
import { locationNow } from '../store/clocks.ts';
import type { Tx } from '../store/db.ts';
import {
  claimDueSchedule,
  insertScheduleRun,
  type ScheduleRow,
  setRunInvoice,
  updateScheduleRow,
} from '../store/schedules.ts';
import { representativeUser } from '../store/tenants.ts';
import { type AutoPaymentCheck, checkAutoPayment } from './auto-payment.ts';
import type { Actor, AutoPaymentContext, SchedulerContext } from './context.ts';
import { createInvoiceIn } from './create-invoice.ts';
import { sendIn } from './send-invoice.ts';

/** After downtime: every missed occurrence runs once (`all`), or only the latest (`latest`). */
type CatchUp = SchedulerContext['catchUp'];

/** A run's send action: both channels when the contact has both, else the one it has. */
export function scheduledAction(contact: ScheduleRow['fields']['contactDetails']): SendAction {
  const { email, rawPhone } = contactChannels(contact);
  if (email !== null && rawPhone !== null) return 'sms_and_email';
  return email !== null ? 'email' : 'sms';
}

/** Runs up to `limit` due occurrences, each in its own transaction; returns how many ran. */
export async function runDueSchedules(ctx: SchedulerContext, limit: number): Promise<number> {
  let done = 0;
  while (done < limit) {
    const catchUp = ctx.catchUp;
    const ran = await runOne(ctx, catchUp, { send: true }).catch(async (error: unknown) => {
      // The send was refused (a user who lost access, a contact whose channels went): the invoice is
      // still created, as a draft, and the refusal is kept on the schedule (last_error).
      if (!(error instanceof RunRefused)) throw error;
      return runOne(ctx, catchUp, { send: false, scheduleId: error.scheduleId, error: error.message });
    });
    if (!ran) break;
    done++;
  }
  return done;
}

/** A send refused inside a run, with the schedule it was for. */
class RunRefused extends Error {
  constructor(
    readonly scheduleId: string,
    cause: AppError,
  ) {
    super(cause.message);
  }
}

async function runOne(
  ctx: AutoPaymentContext,
  catchUp: CatchUp,
  how: { send: boolean; scheduleId?: string; error?: string },
): Promise<boolean> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const schedule = await claimDueSchedule(trx, how.scheduleId);
    if (!schedule) return false;
    const now = await locationNow(trx, schedule.location_id, schedule.live_mode);
    let occurrence = schedule.next_run_at!;
    if (catchUp === 'latest') {
      // Skip to the latest occurrence due by now; the skipped ones are not created.
      for (let i = 0; i < 10_000; i++) {
        const next = runAfter(
          schedule.fields.schedule,
          schedule.timezone,
          occurrence,
          schedule.runs_done + 1,
        );
        if (next === null || next > now) break;
        occurrence = next;
      }
    }
    const fresh = await insertScheduleRun(trx, {
      scheduleId: schedule.id,
      occurrenceAt: occurrence,
      invoiceId: null,
    });
    if (fresh) {
      await createAndSend(ctx, trx, schedule, occurrence, how.send).catch((error: unknown) => {
        throw error instanceof AppError ? new RunRefused(schedule.id, error) : error;
      });
    }
    const runsDone = schedule.runs_done + (fresh ? 1 : 0);
    const next = runAfter(schedule.fields.schedule, schedule.timezone, occurrence, runsDone);
    await updateScheduleRow(trx, schedule.id, {
      runs_done: runsDone,
      next_run_at: next,
      ...(next === null ? { status: 'completed' as const } : {}),
      last_error: how.error ?? null,
    });
    return true;
  });
}

async function createAndSend(
  ctx: AutoPaymentContext,
  trx: Tx,
  schedule: ScheduleRow,
  occurrence: Date,
  send: boolean,
): Promise<void> {
  const { schedule: options, items, ...fields } = schedule.fields;
  const actor: Actor = { tokenId: `schedule:${schedule.id}`, companyId: schedule.company_id };
  const issueDate = occurrenceDay(occurrence, schedule.timezone);
  const created = await createInvoiceIn(trx, actor, {
    ...fields,
    altId: schedule.location_id,
    name: schedule.name,
    currency: schedule.currency,
    items: items.map(({ _id, ...item }) => item),
    issueDate,
    dueDate: addDays(issueDate, options.dueAfterDays ?? 0),
    sentTo: { email: fields.contactDetails.email ? [fields.contactDetails.email] : [] },
    liveMode: schedule.live_mode,
  });
  await setRunInvoice(trx, schedule.id, occurrence, created.invoice.id);
  if (!send) return;
  const userId = await representativeUser(trx, schedule.company_id, schedule.location_id);
  if (!userId) throw new AppError('bad_request', 'the location has no user to send the invoice as');
  const autoPayment: AutoPaymentCheck | undefined = schedule.auto_payment
    ? await checkAutoPayment(ctx, {
        altId: schedule.location_id,
        liveMode: schedule.live_mode,
        autoPayment: schedule.auto_payment,
      })
    : undefined;
  await sendIn(
    ctx,
    trx,
    actor,
    created.invoice.id,
    {
      altId: schedule.location_id,
      userId,
      action: scheduledAction(fields.contactDetails),
      liveMode: schedule.live_mode,
      ...(schedule.auto_payment ? { autoPayment: schedule.auto_payment } : {}),
    },
    autoPayment,
  );
}
