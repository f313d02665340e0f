/** GET /invoices/: a page of a location's invoices with the filters of ListInvoicesQuery, and their count. */
import { type Kysely, sql } from 'kysely';
import type { InvoiceStatus } from '../domain/invoice-status.ts';
import { statement, statementFamily } from './compiled.ts';
import type { Db } from './db.ts';
import type { StoredView } from './invoice-views.ts';
import type { Database } from './schema.ts';

export interface InvoiceFilters {
  status?: InvoiceStatus;
  startAt?: string;
  endAt?: string;
  search?: string;
  liveMode?: boolean;
  contactId?: string;
  sortByIssueDate?: 'asc' | 'desc';
  /** The dashboard's additions (web/invoices): any of these statuses (overrides `status`). */
  statuses?: InvoiceStatus[];
  dueFrom?: string;
  dueTo?: string;
  /** Invoices with a payment that succeeded (or was later refunded) on a day of this range (UTC). */
  paidFrom?: string;
  paidTo?: string;
  /** Another order than created / issue date: due date, number or total (then with `sortOrder`). */
  sortBy?: 'dueDate' | 'number' | 'total';
  sortOrder?: 'asc' | 'desc';
  /** Skip the count (the dashboard pages with limit + 1 instead): `total` is then undefined. */
  withoutCount?: boolean;
  limit: number;
  offset: number;
}

interface ListParams {
  locationId: string;
  status: InvoiceStatus;
  startAt: string;
  endAt: string;
  search: string;
  pattern: string;
  liveMode: boolean;
  contactId: string;
  statuses: string[];
  dueFrom: string;
  dueTo: string;
  paidFrom: string;
  paidTo: string;
  limit: number;
  offset: number;
}

type Filter =
  | 'status'
  | 'startAt'
  | 'endAt'
  | 'search'
  | 'liveMode'
  | 'contactId'
  | 'statuses'
  | 'dueFrom'
  | 'dueTo'
  | 'paidFrom'
  | 'paidTo';
type Sort = 'created' | 'issue' | 'due' | 'number' | 'total';

const SORT_COLUMNS = {
  created: 'created_at',
  issue: 'issue_date',
  due: 'due_date',
  number: 'invoice_number',
  total: 'total',
} as const satisfies Record<Sort, string>;

/** Which filters a list uses and how it is ordered: each combination is its own statement, compiled once. */
interface ListShape {
  filters: Filter[];
  sort: Sort;
  direction: 'asc' | 'desc';
}

function shapeOf(f: InvoiceFilters): ListShape {
  const filters: ListShape['filters'] = [];
  if (f.statuses) filters.push('statuses');
  else if (f.status) filters.push('status');
  if (f.startAt) filters.push('startAt');
  if (f.endAt) filters.push('endAt');
  if (f.search) filters.push('search');
  if (f.liveMode !== undefined) filters.push('liveMode');
  if (f.contactId) filters.push('contactId');
  for (const day of ['dueFrom', 'dueTo', 'paidFrom', 'paidTo'] as const) if (f[day]) filters.push(day);
  if (f.sortBy) {
    const sort = f.sortBy === 'dueDate' ? 'due' : f.sortBy;
    return { filters, sort, direction: f.sortOrder ?? 'desc' };
  }
  if (f.sortByIssueDate === undefined) return { filters, sort: 'created', direction: 'desc' };
  return { filters, sort: 'issue', direction: f.sortByIssueDate };
}

const PAID = sql.lit('succeeded');
const REFUNDED = sql.lit('refunded');

const matching = (shape: ListShape) => (db: Kysely<Database>, p: ListParams) => {
  let base = db.selectFrom('invoices').where('location_id', '=', p.locationId);
  for (const filter of shape.filters) {
    if (filter === 'status') base = base.where('status', '=', p.status);
    if (filter === 'startAt') base = base.where('issue_date', '>=', p.startAt);
    if (filter === 'endAt') base = base.where('issue_date', '<=', p.endAt);
    if (filter === 'liveMode') base = base.where('live_mode', '=', p.liveMode);
    if (filter === 'contactId') base = base.where('contact_id', '=', p.contactId);
    if (filter === 'statuses') base = base.where(sql<boolean>`status = any(${p.statuses}::text[])`);
    if (filter === 'dueFrom') base = base.where('due_date', '>=', p.dueFrom);
    if (filter === 'dueTo') base = base.where('due_date', '<=', p.dueTo);
    if (filter === 'paidFrom' || filter === 'paidTo') {
      const day = filter === 'paidFrom' ? p.paidFrom : p.paidTo;
      const bound =
        filter === 'paidFrom'
          ? sql`payments.fulfilled_at >= (${day}::date)::timestamp at time zone 'UTC'`
          : sql`payments.fulfilled_at < (${day}::date + 1)::timestamp at time zone 'UTC'`;
      base = base.where(
        sql<boolean>`exists (select 1 from payments where payments.invoice_id = invoices.id
          and payments.status in (${PAID}, ${REFUNDED}) and ${bound})`,
      );
    }
    if (filter === 'search') {
      base = base.where((eb) =>
        eb.or([
          eb('id', '=', p.search),
          eb('name', 'ilike', p.pattern),
          eb(sql`invoice_number::text`, '=', p.search),
          eb(sql`contact_details->>'name'`, 'ilike', p.pattern),
          eb(sql`contact_details->>'email'`, 'ilike', p.pattern),
          eb(sql`contact_details->>'phoneNo'`, 'ilike', p.pattern),
        ]),
      );
    }
  }
  return base;
};

const pageStatement = statementFamily(
  (shape: ListShape) =>
    statement((db, p: ListParams) => {
      // The page's ids first (from an index alone), then its rows: OFFSET skips rows only after fetching
      // them, so selecting whole rows directly reads every skipped row from the table, and PostgreSQL would
      // rather sort all matching rows than walk that many (docs/benchmarks.md, "Scale").
      const { direction } = shape;
      const sortColumn = SORT_COLUMNS[shape.sort];
      const pageIds = matching(shape)(db, p)
        .select('id')
        .orderBy(sortColumn, direction)
        .orderBy('id', direction)
        .limit(p.limit)
        .offset(p.offset);
      return db
        .selectFrom(pageIds.as('page'))
        .innerJoin('invoices', 'invoices.id', 'page.id')
        .select(['invoices.id', 'invoices.view_json', 'invoices.view_version'])
        .orderBy(`invoices.${sortColumn}`, direction)
        .orderBy('invoices.id', direction);
    }),
  (shape) => `${shape.filters.join(',')}:${shape.sort}:${shape.direction}`,
);

const countStatement = statementFamily(
  (shape: ListShape) =>
    statement((db, p: ListParams) => matching(shape)(db, p).select((eb) => eb.fn.countAll<string>().as('n'))),
  (shape) => shape.filters.join(','),
);

/** `text` as a literal inside a LIKE / ILIKE pattern: its `%`, `_` and `\\` match only themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A page of the location's invoices as their stored views (in page order), and how many match in all. */
export async function listInvoiceViews(
  db: Db,
  locationId: string,
  f: InvoiceFilters,
): Promise<{ page: Array<StoredView & { id: string }>; total: number | undefined }> {
  const shape = shapeOf(f);
  const params: ListParams = {
    locationId,
    status: f.status ?? 'draft',
    startAt: f.startAt ?? '',
    endAt: f.endAt ?? '',
    search: f.search ?? '',
    pattern: `%${escapeLike(f.search ?? '')}%`,
    liveMode: f.liveMode ?? false,
    contactId: f.contactId ?? '',
    statuses: f.statuses ?? [],
    dueFrom: f.dueFrom ?? '',
    dueTo: f.dueTo ?? '',
    paidFrom: f.paidFrom ?? '',
    paidTo: f.paidTo ?? '',
    limit: f.limit,
    offset: f.offset,
  };
  const [rows, count] = await Promise.all([
    pageStatement(shape).run(db, params),
    f.withoutCount ? undefined : countStatement(shape).run(db, params),
  ]);
  return {
    page: rows.map((r) => ({ id: r.id, json: r.view_json, version: r.view_version })),
    total: count === undefined ? undefined : Number(count[0]!.n),
  };
}
