/**
 * The serialised API view each invoice keeps (migration 005): read by GET and list instead of the row and
 * its items, written by the use cases that change an invoice. The store does not know its format.
 */
import { sql } from 'kysely';
import { statement } from './compiled.ts';
import type { Db } from './db.ts';
import { INVOICE_COLUMNS, itemsJson, type StoredInvoice, storedInvoice } from './invoices.ts';

export interface StoredView {
  json: string | null;
  version: number | null;
}

export const viewById = statement((db, p: { id: string; locationId: string }) =>
  db
    .selectFrom('invoices')
    .select(['view_json', 'view_version'])
    .where('id', '=', p.id)
    .where('location_id', '=', p.locationId),
);

/** The stored view of an invoice of that location; undefined when there is no such invoice. */
export async function findInvoiceView(
  db: Db,
  locationId: string,
  invoiceId: string,
): Promise<StoredView | undefined> {
  const [row] = await viewById.run(db, { id: invoiceId, locationId });
  return row && { json: row.view_json, version: row.view_version };
}

/** A stored invoice with its row version, so that a view rebuilt from it is only kept if nothing changed. */
export interface VersionedInvoice extends StoredInvoice {
  rowVersion: string;
}

const invoicesById = statement((db, p: { ids: string[] }) =>
  db
    .selectFrom('invoices')
    .select(INVOICE_COLUMNS)
    .select(itemsJson.as('items'))
    .select(sql<string>`xmin::text`.as('row_version'))
    .where('id', '=', sql<string>`any(${p.ids})`),
);

/** The invoices with these ids (any location: the caller found the ids in its own), with row versions. */
export async function findInvoicesById(db: Db, ids: string[]): Promise<VersionedInvoice[]> {
  if (ids.length === 0) return [];
  const rows = await invoicesById.run(db, { ids });
  return rows.map(({ row_version, ...row }) => ({ ...storedInvoice(row), rowVersion: row_version }));
}

const keepRebuilt = statement(
  (_db, p: { ids: string[]; rowVersions: string[]; jsons: string[]; version: number }) => sql`
    update invoices set view_json = v.json, view_version = ${p.version}
    from unnest(${p.ids}::text[], ${p.rowVersions}::text[], ${p.jsons}::text[]) as v(id, row_version, json)
    -- only where the row is still the version the view was built from
    where invoices.id = v.id and invoices.xmin::text = v.row_version`,
);

/** Keeps views a read rebuilt, for the rows that have not changed since they were read. */
export async function keepRebuiltViews(
  db: Db,
  views: Array<{ id: string; rowVersion: string; json: string }>,
  version: number,
): Promise<void> {
  if (views.length === 0) return;
  await keepRebuilt.run(db, {
    ids: views.map((v) => v.id),
    rowVersions: views.map((v) => v.rowVersion),
    jsons: views.map((v) => v.json),
    version,
  });
}

const staleIds = statement((db, p: { after: string; version: number; limit: number }) =>
  db
    .selectFrom('invoices')
    .select('id')
    .where('id', '>', p.after)
    .where((eb) => eb.or([eb('view_json', 'is', null), eb('view_version', '<>', p.version)]))
    .orderBy('id')
    .limit(p.limit),
);

/** Ids of invoices whose view is missing or of another version, after `after`, in id order. */
export async function findStaleViewIds(
  db: Db,
  after: string,
  version: number,
  limit: number,
): Promise<string[]> {
  return (await staleIds.run(db, { after, version, limit })).map((r) => r.id);
}
