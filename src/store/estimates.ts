/** Estimate statements. Every read and write names the location: another location's id finds nothing. */
import { sql } from 'kysely';
import type { EstimateFields, EstimateHistoryEntry, EstimateStatus } from '../domain/estimate.ts';
import { Errors } from '../errors.ts';
import type { Db, Tx } from './db.ts';
import { newestFirstPage } from './document-list.ts';
import { translateUniqueViolations } from './errors.ts';
import { escapeLike } from './invoice-list.ts';

export interface EstimateRow {
  id: string;
  location_id: string;
  company_id: string;
  estimate_number: number;
  status: EstimateStatus;
  live_mode: boolean;
  name: string;
  currency: string;
  total: number;
  contact_id: string;
  fields: EstimateFields;
  history: EstimateHistoryEntry[];
  public_token: string;
  invoice_id: string | null;
  last_visited_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** What a create or update writes. */
export interface EstimateWrite {
  estimate_number: number;
  status: EstimateStatus;
  live_mode: boolean;
  name: string;
  currency: string;
  total: number;
  contact_id: string;
  fields: EstimateFields;
  history: EstimateHistoryEntry[];
  invoice_id?: string | null;
}

const json = (w: Partial<EstimateWrite>) => ({
  ...w,
  ...(w.fields === undefined ? {} : { fields: JSON.stringify(w.fields) }),
  ...(w.history === undefined ? {} : { history: JSON.stringify(w.history) }),
});

const numberTaken = (n: number) => () =>
  Errors.badRequest(
    `estimate number ${n} is already used in this location; leave estimateNumber out to get the next one`,
  );

/**
 * The location's next estimate number in the caller's transaction (one upsert on its counter row, so
 * concurrent creates never share one); a chosen number moves the counter forward past it.
 */
export async function takeEstimateNumber(trx: Tx, locationId: string, chosen?: number): Promise<number> {
  const first = chosen ?? 1;
  const row = await trx
    .insertInto('estimate_number_counters')
    .values({ location_id: locationId, last_number: first })
    .onConflict((oc) =>
      oc.column('location_id').doUpdateSet({
        last_number:
          chosen === undefined
            ? sql<number>`estimate_number_counters.last_number + 1`
            : sql<number>`greatest(estimate_number_counters.last_number, ${chosen})`,
      }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return chosen ?? row.last_number;
}

/** The number the next generated estimate would get (GET /invoices/estimate/number/generate). */
export async function peekEstimateNumber(db: Db, locationId: string): Promise<number> {
  const row = await db
    .selectFrom('estimate_number_counters')
    .select('last_number')
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  return (row?.last_number ?? 0) + 1;
}

export async function insertEstimate(
  db: Db,
  row: EstimateWrite & { id: string; location_id: string; company_id: string; public_token: string },
): Promise<EstimateRow> {
  return translateUniqueViolations(
    () =>
      db
        .insertInto('estimates')
        .values(json(row) as never)
        .returningAll()
        .executeTakeFirstOrThrow(),
    { estimates_location_id_estimate_number_key: numberTaken(row.estimate_number) },
  ) as Promise<EstimateRow>;
}

export async function findEstimate(db: Db, locationId: string, id: string): Promise<EstimateRow | undefined> {
  return db
    .selectFrom('estimates')
    .selectAll()
    .where('location_id', '=', locationId)
    .where('id', '=', id)
    .executeTakeFirst() as Promise<EstimateRow | undefined>;
}

/** The estimate, locked for a change in the caller's transaction. */
export async function lockEstimate(
  trx: Tx,
  locationId: string,
  id: string,
): Promise<EstimateRow | undefined> {
  return trx
    .selectFrom('estimates')
    .selectAll()
    .where('location_id', '=', locationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst() as Promise<EstimateRow | undefined>;
}

/** The estimate of a customer page's token, locked (the token is its only key). */
export async function lockEstimateByToken(trx: Tx, token: string): Promise<EstimateRow | undefined> {
  return trx
    .selectFrom('estimates')
    .selectAll()
    .where('public_token', '=', token)
    .forUpdate()
    .executeTakeFirst() as Promise<EstimateRow | undefined>;
}

export async function findEstimateByToken(db: Db, token: string): Promise<EstimateRow | undefined> {
  return db
    .selectFrom('estimates')
    .selectAll()
    .where('public_token', '=', token)
    .executeTakeFirst() as Promise<EstimateRow | undefined>;
}

export async function updateEstimateRow(
  trx: Tx,
  locationId: string,
  id: string,
  write: Partial<EstimateWrite>,
): Promise<EstimateRow> {
  const number = write.estimate_number;
  return translateUniqueViolations(
    () =>
      trx
        .updateTable('estimates')
        .set({ ...json(write), updated_at: sql<Date>`now()` } as never)
        .where('location_id', '=', locationId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    { estimates_location_id_estimate_number_key: numberTaken(number ?? 0) },
  ) as Promise<EstimateRow>;
}

export async function deleteEstimateRow(trx: Tx, locationId: string, id: string): Promise<void> {
  await trx.deleteFrom('estimates').where('location_id', '=', locationId).where('id', '=', id).execute();
}

/**
 * Records that a user opened the estimate now, if it is in the given location (a location token's) or
 * one of the company's (an agency token's). False when there is no such estimate within reach.
 */
export async function recordEstimateVisit(
  db: Db,
  id: string,
  reach: { companyId: string; locationId: string | null },
): Promise<boolean> {
  let q = db
    .updateTable('estimates')
    .set({ last_visited_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('company_id', '=', reach.companyId);
  if (reach.locationId !== null) q = q.where('location_id', '=', reach.locationId);
  const result = await q.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface EstimateFilter {
  status?: EstimateStatus;
  contactId?: string;
  search?: string;
  /** Created on or after this day (YYYY-MM-DD, UTC). */
  startAt?: string;
  endAt?: string;
  limit: number;
  offset: number;
}

/** A page of a location's estimates, newest first, and how many match in all. */
export async function listEstimateRows(
  db: Db,
  locationId: string,
  filter: EstimateFilter,
): Promise<{ rows: EstimateRow[]; total: number }> {
  let q = db.selectFrom('estimates').where('location_id', '=', locationId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.contactId) q = q.where('contact_id', '=', filter.contactId);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    const search = filter.search;
    q = q.where((eb) =>
      eb.or([
        eb('name', 'ilike', pattern),
        eb('id', '=', search),
        eb(sql<string>`estimate_number::text`, '=', search),
      ]),
    );
  }
  const page = await newestFirstPage(q, filter);
  return { rows: page.rows as EstimateRow[], total: page.total };
}
