/**
 * The list shape shared by templates, estimates and schedules: a location's rows created within a range
 * of days, newest first, one page of them and how many match in all. Each store adds its own filters.
 */
import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';

type Listed = 'invoice_templates' | 'estimates' | 'invoice_schedules';

export interface PageFilter {
  /** Created on or after this day (YYYY-MM-DD). */
  startAt?: string;
  /** Created on or before this day. */
  endAt?: string;
  limit: number;
  offset: number;
}

export async function newestFirstPage<T extends Listed>(
  query: SelectQueryBuilder<Database, T, object>,
  filter: PageFilter,
): Promise<{ rows: Selectable<Database[T]>[]; total: number }> {
  // The three tables share these columns; Kysely cannot see that through the type parameter.
  let q = query as unknown as SelectQueryBuilder<Database, Listed, object>;
  if (filter.startAt) q = q.where('created_at', '>=', sql<Date>`${filter.startAt}::date`);
  if (filter.endAt) q = q.where('created_at', '<', sql<Date>`${filter.endAt}::date + 1`);
  const [rows, count] = await Promise.all([
    q
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as unknown as Selectable<Database[T]>[], total: Number(count.n) };
}
