/** Recurring schedule statements. Every API read and write names the location: another location's id finds nothing. */
import { sql } from 'kysely';
import type { AutoPayment } from '../domain/invoice.ts';
import type { ScheduleFields, ScheduleStatus } from '../domain/schedule.ts';
import { rowNow } from './clocks.ts';
import type { Db, Tx } from './db.ts';
import { newestFirstPage } from './document-list.ts';
import { escapeLike } from './invoice-list.ts';

/** What a create or update writes. */
export interface ScheduleWrite {
  status: ScheduleStatus;
  live_mode: boolean;
  name: string;
  currency: string;
  total: number;
  contact_id: string;
  fields: ScheduleFields;
  timezone: string;
  auto_payment: AutoPayment | null;
  next_run_at: Date | null;
  runs_done: number;
  last_error: string | null;
}

export interface ScheduleRow extends ScheduleWrite {
  id: string;
  location_id: string;
  company_id: string;
  created_at: Date;
  updated_at: Date;
}

const json = (w: Partial<ScheduleWrite>) => ({
  ...w,
  ...(w.fields === undefined ? {} : { fields: JSON.stringify(w.fields) }),
  ...(w.auto_payment === undefined
    ? {}
    : { auto_payment: w.auto_payment === null ? null : JSON.stringify(w.auto_payment) }),
});

export async function insertSchedule(
  trx: Tx,
  row: ScheduleWrite & { id: string; location_id: string; company_id: string },
): Promise<ScheduleRow> {
  return (await trx
    .insertInto('invoice_schedules')
    .values(json(row) as never)
    .returningAll()
    .executeTakeFirstOrThrow()) as ScheduleRow;
}

export async function findSchedule(db: Db, locationId: string, id: string): Promise<ScheduleRow | undefined> {
  return (await db
    .selectFrom('invoice_schedules')
    .selectAll()
    .where('location_id', '=', locationId)
    .where('id', '=', id)
    .executeTakeFirst()) as ScheduleRow | undefined;
}

/** The schedule, locked for a change in the caller's transaction (a run holds the same lock). */
export async function lockSchedule(
  trx: Tx,
  locationId: string,
  id: string,
): Promise<ScheduleRow | undefined> {
  return (await trx
    .selectFrom('invoice_schedules')
    .selectAll()
    .where('location_id', '=', locationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()) as ScheduleRow | undefined;
}

export async function updateScheduleRow(
  trx: Tx,
  id: string,
  write: Partial<ScheduleWrite>,
): Promise<ScheduleRow> {
  return (await trx
    .updateTable('invoice_schedules')
    .set({ ...json(write), updated_at: sql<Date>`now()` } as never)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()) as ScheduleRow;
}

export async function deleteScheduleRow(trx: Tx, locationId: string, id: string): Promise<void> {
  await trx
    .deleteFrom('invoice_schedules')
    .where('location_id', '=', locationId)
    .where('id', '=', id)
    .execute();
}

/**
 * One active schedule whose next run is due by its own clock (the real time for live schedules, the
 * location's test clock for test ones), locked; schedules another runner holds are skipped, not waited on.
 * With `id`, that schedule only.
 */
export async function claimDueSchedule(trx: Tx, id?: string): Promise<ScheduleRow | undefined> {
  let q = trx.selectFrom('invoice_schedules').selectAll();
  if (id !== undefined) q = q.where('id', '=', id);
  return (await q
    .where('status', '=', 'active')
    .where('next_run_at', '<=', rowNow('invoice_schedules.live_mode', 'invoice_schedules.location_id'))
    .orderBy('next_run_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst()) as ScheduleRow | undefined;
}

/** The occurrence's row; false when it already exists (it ran: nothing is created twice). */
export async function insertScheduleRun(
  trx: Tx,
  run: { scheduleId: string; occurrenceAt: Date; invoiceId: string | null },
): Promise<boolean> {
  const rows = await trx
    .insertInto('invoice_schedule_runs')
    .values({ schedule_id: run.scheduleId, occurrence_at: run.occurrenceAt, invoice_id: run.invoiceId })
    .onConflict((oc) => oc.columns(['schedule_id', 'occurrence_at']).doNothing())
    .returning('schedule_id')
    .execute();
  return rows.length > 0;
}

export async function setRunInvoice(trx: Tx, scheduleId: string, occurrenceAt: Date, invoiceId: string) {
  await trx
    .updateTable('invoice_schedule_runs')
    .set({ invoice_id: invoiceId })
    .where('schedule_id', '=', scheduleId)
    .where('occurrence_at', '=', occurrenceAt)
    .execute();
}

/** The invoices runs of these schedules created, oldest first per schedule. */
export async function scheduleInvoiceIds(db: Db, scheduleIds: string[]): Promise<Map<string, string[]>> {
  const byId = new Map<string, string[]>(scheduleIds.map((id) => [id, []]));
  if (scheduleIds.length === 0) return byId;
  const rows = await db
    .selectFrom('invoice_schedule_runs')
    .select(['schedule_id', 'invoice_id'])
    .where('schedule_id', 'in', scheduleIds)
    .where('invoice_id', 'is not', null)
    .orderBy('schedule_id')
    .orderBy('occurrence_at')
    .execute();
  for (const row of rows) byId.get(row.schedule_id)?.push(row.invoice_id!);
  return byId;
}

export interface ScheduleFilter {
  status?: ScheduleStatus;
  search?: string;
  /** Created on or after this day (YYYY-MM-DD, UTC). */
  startAt?: string;
  endAt?: string;
  liveMode?: boolean;
  limit: number;
  offset: number;
}

/** A page of a location's schedules, newest first, and how many match in all. */
export async function listScheduleRows(
  db: Db,
  locationId: string,
  filter: ScheduleFilter,
): Promise<{ rows: ScheduleRow[]; total: number }> {
  let q = db.selectFrom('invoice_schedules').where('location_id', '=', locationId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.liveMode !== undefined) q = q.where('live_mode', '=', filter.liveMode);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    const search = filter.search;
    q = q.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('id', '=', search),
        eb(sql<string>`fields->'contactDetails'->>'email'`, 'ilike', pattern),
        eb(sql<string>`fields->'contactDetails'->>'phoneNo'`, 'ilike', pattern),
      ]),
    );
  }
  const page = await newestFirstPage(q, filter);
  return { rows: page.rows as ScheduleRow[], total: page.total };
}
