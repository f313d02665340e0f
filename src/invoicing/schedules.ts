/**
 * Recurring invoice schedules (issue #12 item 2): create, change, read, list, delete, activate, cancel and
 * auto-payment. A schedule is `draft` until it is scheduled (`active`, with its next run); runs
 * (run-schedules.ts) create and send its invoices; it ends `completed` after its last run, or `cancelled`.
 */
import { objectId } from '../domain/ids.ts';
import type {
  AutoPayment,
  BusinessDetails,
  ContactDetails,
  Discount,
  EchoedFields,
  InvoiceItemInput,
} from '../domain/invoice.ts';
import {
  assertValidSchedule,
  runAfter,
  ScheduleError,
  type ScheduleFields,
  type ScheduleOptions,
  type ScheduleStatus,
  scheduleTimezone,
} from '../domain/schedule.ts';
import { contactChannels } from '../domain/send.ts';
import { computeTotals } from '../domain/totals.ts';
import { AppError, Errors } from '../errors.ts';
import { locationNow } from '../store/clocks.ts';
import type { Tx } from '../store/db.ts';
import {
  deleteScheduleRow,
  findSchedule,
  insertSchedule,
  listScheduleRows,
  lockSchedule,
  type ScheduleFilter,
  type ScheduleRow,
  updateScheduleRow,
} from '../store/schedules.ts';
import { getLocation, representativeUser } from '../store/tenants.ts';
import { checkAutoPayment } from './auto-payment.ts';
import type { Actor, AutoPaymentContext, StoreContext } from './context.ts';
import { type ScheduleView, scheduleView, scheduleViews } from './schedule-view.ts';

/** CreateInvoiceScheduleDto (and UpdateInvoiceScheduleDto), as the route has validated it. */
export interface ScheduleInput extends EchoedFields {
  altId: string;
  name: string;
  contactDetails: ContactDetails;
  schedule: ScheduleOptions;
  liveMode: boolean;
  businessDetails: BusinessDetails;
  currency: string;
  items: InvoiceItemInput[];
  discount: Discount;
  termsNotes?: string;
  title?: string;
  invoiceNumberPrefix?: string;
}

const notFound = () => Errors.notFound('Schedule not found');

const unprocessable = (error: unknown): never => {
  if (error instanceof ScheduleError) throw Errors.unprocessable(error.message);
  throw error;
};

/** The columns an input gives; a rule that cannot run, bad amounts or a contact nobody can reach are 422s. */
async function scheduleColumns(ctx: StoreContext, input: ScheduleInput) {
  const { altId, name, currency, liveMode, schedule, ...rest } = input;
  const totals = computeTotals(currency, input.items, input.discount);
  const { email, rawPhone } = contactChannels(input.contactDetails);
  if (email === null && rawPhone === null) {
    throw Errors.unprocessable(
      'contactDetails needs an email or a phoneNo: each run sends the invoice it creates',
    );
  }
  const location = await getLocation(ctx.store.db, altId);
  const timezone = scheduleTimezone(schedule, location?.timezone ?? null);
  try {
    assertValidSchedule(schedule, timezone);
  } catch (error) {
    unprocessable(error);
  }
  const fields: ScheduleFields = {
    ...rest,
    schedule,
    items: input.items.map((item) => ({ _id: objectId(), ...item })),
  };
  return {
    name,
    currency,
    live_mode: liveMode,
    total: totals.total,
    contact_id: input.contactDetails.id,
    fields,
    timezone,
  };
}

export async function createSchedule(
  ctx: StoreContext,
  actor: Actor,
  input: ScheduleInput,
): Promise<ScheduleView> {
  const columns = await scheduleColumns(ctx, input);
  const row = await ctx.store.db.transaction().execute((trx) =>
    insertSchedule(trx, {
      id: objectId(),
      location_id: input.altId,
      company_id: actor.companyId,
      status: 'draft',
      auto_payment: null,
      next_run_at: null,
      runs_done: 0,
      last_error: null,
      ...columns,
    }),
  );
  return scheduleView(ctx.store.db, row);
}

const ENDED: ReadonlyArray<ScheduleStatus> = ['completed', 'cancelled'];

async function lockOpen(trx: Tx, locationId: string, id: string, doing: string): Promise<ScheduleRow> {
  const current = await lockSchedule(trx, locationId, id);
  if (!current) throw notFound();
  if (ENDED.includes(current.status)) {
    throw Errors.badRequest(`this schedule is ${current.status}; it cannot be ${doing}`);
  }
  return current;
}

/** The next run at or after the schedule's own "now" (its mode's clock); a 422 when the rule has none left. */
async function firstRun(
  trx: Tx,
  row: Pick<ScheduleRow, 'location_id' | 'live_mode' | 'fields' | 'timezone' | 'runs_done'>,
) {
  const now = await locationNow(trx, row.location_id, row.live_mode);
  const at = runAfter(row.fields.schedule, row.timezone, new Date(now.getTime() - 1), row.runs_done);
  if (at === null) {
    throw Errors.unprocessable(
      'schedule: the rule has no run left after now; move its startDate or endDate, or raise its count',
    );
  }
  return at;
}

/** PUT: the DTO's fields replace the schedule's; an active schedule's next run follows the new rule. */
export async function updateSchedule(
  ctx: StoreContext,
  id: string,
  input: ScheduleInput,
): Promise<ScheduleView> {
  const columns = await scheduleColumns(ctx, input);
  const row = await ctx.store.db.transaction().execute(async (trx) => {
    const current = await lockOpen(trx, input.altId, id, 'changed');
    const next = { ...current, ...columns };
    const nextRun = current.status === 'active' ? await firstRun(trx, next) : null;
    return updateScheduleRow(trx, id, { ...columns, next_run_at: nextRun });
  });
  return scheduleView(ctx.store.db, row);
}

export async function getSchedule(ctx: StoreContext, locationId: string, id: string): Promise<ScheduleView> {
  const row = await findSchedule(ctx.store.db, locationId, id);
  if (!row) throw notFound();
  return scheduleView(ctx.store.db, row);
}

export async function listSchedules(
  ctx: StoreContext,
  locationId: string,
  filter: ScheduleFilter,
): Promise<{ schedules: ScheduleView[]; total: number }> {
  if (filter.startAt && filter.endAt && filter.endAt < filter.startAt) {
    throw Errors.unprocessable('endAt must not be before startAt');
  }
  const { rows, total } = await listScheduleRows(ctx.store.db, locationId, filter);
  return { schedules: await scheduleViews(ctx.store.db, rows), total };
}

/** DELETE: the schedule and its runs go; the invoices its runs created stay. */
export async function deleteSchedule(ctx: StoreContext, locationId: string, id: string): Promise<void> {
  await ctx.store.db.transaction().execute(async (trx) => {
    if (!(await lockSchedule(trx, locationId, id))) throw notFound();
    await deleteScheduleRow(trx, locationId, id);
  });
}

/** An autoPayment checked as a send's is (the provider knows the method); stored as given. */
async function checkedAutoPayment(
  ctx: AutoPaymentContext,
  altId: string,
  liveMode: boolean,
  autoPayment: AutoPayment | undefined,
): Promise<void> {
  const check = await checkAutoPayment(ctx, { altId, liveMode, autoPayment });
  if (check?.kind === 'refused') throw check.error;
}

/** What activation needs before its transaction: a known auto-payment method, a user to send as. */
async function assertCanActivate(
  ctx: AutoPaymentContext,
  actor: Actor,
  input: { altId: string; liveMode: boolean; autoPayment?: AutoPayment },
): Promise<void> {
  await checkedAutoPayment(ctx, input.altId, input.liveMode, input.autoPayment);
  if (!(await representativeUser(ctx.store.db, actor.companyId, input.altId))) {
    throw Errors.badRequest('the location has no user to send the scheduled invoices as; add a user first');
  }
}

/** In the caller's transaction: the schedule active in `liveMode` from its first run, with `changes`. */
async function activateIn(
  trx: Tx,
  id: string,
  input: { altId: string; liveMode: boolean; autoPayment?: AutoPayment },
  changes: Partial<ScheduleRow> = {},
): Promise<ScheduleRow> {
  const current = await lockOpen(trx, input.altId, id, 'scheduled');
  const next = { ...current, ...changes, live_mode: input.liveMode };
  return updateScheduleRow(trx, id, {
    ...changes,
    status: 'active',
    live_mode: input.liveMode,
    next_run_at: await firstRun(trx, next),
    auto_payment: input.autoPayment ?? current.auto_payment,
  });
}

/**
 * POST .../schedule: the schedule becomes active with its first run at or after now, in `liveMode`,
 * with the autoPayment given (or the one it has). Runs send as the location's representative user,
 * who must exist. Scheduling an active schedule again only changes its mode and auto-payment.
 */
export async function activateSchedule(
  ctx: AutoPaymentContext,
  actor: Actor,
  id: string,
  input: { altId: string; liveMode: boolean; autoPayment?: AutoPayment },
): Promise<ScheduleView> {
  await assertCanActivate(ctx, actor, input);
  const row = await ctx.store.db.transaction().execute((trx) => activateIn(trx, id, input));
  return scheduleView(ctx.store.db, row);
}

/** POST .../updateAndSchedule: the PUT's change and the activation in one transaction (both or neither). */
export async function updateAndActivate(
  ctx: AutoPaymentContext,
  actor: Actor,
  id: string,
  input: ScheduleInput,
): Promise<ScheduleView> {
  const columns = await scheduleColumns(ctx, input);
  const activation = { altId: input.altId, liveMode: input.liveMode };
  await assertCanActivate(ctx, actor, activation);
  const row = await ctx.store.db.transaction().execute((trx) => activateIn(trx, id, activation, columns));
  return scheduleView(ctx.store.db, row);
}

/** POST .../auto-payment: the autoPayment later runs' sends use (checked now, with the provider). */
export async function setScheduleAutoPayment(
  ctx: AutoPaymentContext,
  id: string,
  input: { altId: string; autoPayment: AutoPayment },
): Promise<ScheduleView> {
  const existing = await findSchedule(ctx.store.db, input.altId, id);
  if (!existing) throw notFound();
  await checkedAutoPayment(ctx, input.altId, existing.live_mode, input.autoPayment);
  const row = await ctx.store.db.transaction().execute(async (trx) => {
    await lockOpen(trx, input.altId, id, 'changed');
    return updateScheduleRow(trx, id, { auto_payment: input.autoPayment });
  });
  return scheduleView(ctx.store.db, row);
}

/** POST .../cancel: no more runs; the invoices already created stay. Cancelling twice is a no-op. */
export async function cancelSchedule(
  ctx: StoreContext,
  locationId: string,
  id: string,
): Promise<ScheduleView> {
  const row = await ctx.store.db.transaction().execute(async (trx) => {
    const current = await lockSchedule(trx, locationId, id);
    if (!current) throw notFound();
    if (current.status === 'cancelled') return current;
    if (current.status === 'completed') {
      throw new AppError('bad_request', 'this schedule is completed: it has no runs left to cancel');
    }
    return updateScheduleRow(trx, id, { status: 'cancelled', next_run_at: null });
  });
  return scheduleView(ctx.store.db, row);
}
