/** Invoice template statements. Every read and write names the location: another location's id finds nothing. */
import { sql } from 'kysely';
import type { TemplateFields } from '../domain/template.ts';
import type { Db } from './db.ts';
import { newestFirstPage } from './document-list.ts';
import { escapeLike } from './invoice-list.ts';
import type { TemplateKind } from './schema-documents.ts';

export type { TemplateKind };

export interface TemplateRow {
  id: string;
  location_id: string;
  company_id: string;
  name: string;
  currency: string;
  total: number;
  fields: TemplateFields;
  kind: TemplateKind;
  created_at: Date;
  updated_at: Date;
}

export interface TemplateWrite {
  name: string;
  currency: string;
  total: number;
  fields: TemplateFields;
}

export async function insertTemplate(
  db: Db,
  row: TemplateWrite & { id: string; location_id: string; company_id: string; kind?: TemplateKind },
): Promise<TemplateRow> {
  return db
    .insertInto('invoice_templates')
    .values({ ...row, fields: JSON.stringify(row.fields) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A template of the location; with `forUpdate`, locked for a change in the caller's transaction. */
export async function findTemplate(
  db: Db,
  locationId: string,
  id: string,
  kind: TemplateKind = 'invoice',
  options: { forUpdate?: boolean } = {},
): Promise<TemplateRow | undefined> {
  const q = db
    .selectFrom('invoice_templates')
    .selectAll()
    .where('location_id', '=', locationId)
    .where('kind', '=', kind)
    .where('id', '=', id);
  return (options.forUpdate ? q.forUpdate() : q).executeTakeFirst();
}

/** The template, locked for a change in the caller's transaction. */
export const lockTemplate = (db: Db, locationId: string, id: string, kind: TemplateKind = 'invoice') =>
  findTemplate(db, locationId, id, kind, { forUpdate: true });

export async function updateTemplateRow(
  db: Db,
  locationId: string,
  id: string,
  write: TemplateWrite,
): Promise<TemplateRow | undefined> {
  return db
    .updateTable('invoice_templates')
    .set({ ...write, fields: JSON.stringify(write.fields), updated_at: sql<Date>`now()` })
    .where('location_id', '=', locationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteTemplateRow(
  db: Db,
  locationId: string,
  id: string,
  kind: TemplateKind = 'invoice',
): Promise<boolean> {
  const result = await db
    .deleteFrom('invoice_templates')
    .where('location_id', '=', locationId)
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface TemplateFilter {
  search?: string;
  /** Created on or after this day (YYYY-MM-DD, UTC). */
  startAt?: string;
  /** Created on or before this day. */
  endAt?: string;
  limit: number;
  offset: number;
}

/** A page of a location's templates, newest first, and how many match in all. */
export async function listTemplateRows(
  db: Db,
  locationId: string,
  filter: TemplateFilter,
  kind: TemplateKind = 'invoice',
): Promise<{ rows: TemplateRow[]; total: number }> {
  let q = db.selectFrom('invoice_templates').where('location_id', '=', locationId).where('kind', '=', kind);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('id', '=', filter.search!)]));
  }
  return newestFirstPage(q, filter);
}
