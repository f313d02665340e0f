/** The invoice list's query string (GET /app/l/:loc/invoices): read leniently, written back into links. */
import { isCalendarDay } from '../../domain/calendar-day.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../domain/invoice-status.ts';
import type { DashboardListFilters } from '../../invoicing/dashboard-invoices.ts';

export const PAGE_SIZE = 50;
const MAX_PAGE = 2000;
/** "Unpaid": sent and still owing something (part paid, or a payment under way). */
export const UNPAID_STATUSES: InvoiceStatus[] = ['sent', 'partially_paid', 'payment_processing'];
export const SORTS = ['issueDate', 'dueDate', 'number', 'total', 'created'] as const;
export type SortKey = (typeof SORTS)[number];

export interface ListQuery {
  status: InvoiceStatus | '';
  unpaid: boolean;
  q: string;
  from: string;
  to: string;
  dueFrom: string;
  dueTo: string;
  paidFrom: string;
  paidTo: string;
  mode: '' | 'test' | 'live';
  sort: SortKey;
  order: 'asc' | 'desc';
  page: number;
}

const DATE_FIELDS = ['from', 'to', 'dueFrom', 'dueTo', 'paidFrom', 'paidTo'] as const;

const str = (v: unknown) =>
  typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';

/** The query as the page understands it, and what it could not read (shown, then left out). */
export function readListQuery(raw: Record<string, unknown>): { query: ListQuery; problems: string[] } {
  const problems: string[] = [];
  const status = str(raw.status);
  const dates = {} as Record<(typeof DATE_FIELDS)[number], string>;
  for (const field of DATE_FIELDS) {
    const v = str(raw[field]).trim();
    if (v !== '' && !isCalendarDay(v))
      problems.push(`"${v.slice(0, 40)}" is not a date (YYYY-MM-DD); that filter is left out.`);
    dates[field] = v !== '' && isCalendarDay(v) ? v : '';
  }
  const sort = str(raw.sort);
  const page = Number(str(raw.page) || '1');
  const mode = str(raw.mode);
  return {
    query: {
      status: (INVOICE_STATUSES as readonly string[]).includes(status) ? (status as InvoiceStatus) : '',
      unpaid: str(raw.unpaid) === '1',
      q: str(raw.q).trim().slice(0, 200),
      ...dates,
      mode: mode === 'test' || mode === 'live' ? mode : '',
      sort: (SORTS as readonly string[]).includes(sort) ? (sort as SortKey) : 'issueDate',
      order: str(raw.order) === 'asc' ? 'asc' : 'desc',
      page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
    },
    problems,
  };
}

/** The store's filters for this query: the same list query GET /invoices/ runs. */
export function filtersOf(q: ListQuery): DashboardListFilters {
  const sort =
    q.sort === 'issueDate'
      ? { sortByIssueDate: q.order }
      : q.sort === 'created'
        ? {}
        : { sortBy: q.sort, sortOrder: q.order };
  return {
    ...(q.unpaid ? { statuses: UNPAID_STATUSES } : q.status ? { status: q.status } : {}),
    ...(q.q ? { search: q.q } : {}),
    ...(q.from ? { startAt: q.from } : {}),
    ...(q.to ? { endAt: q.to } : {}),
    ...(q.dueFrom ? { dueFrom: q.dueFrom } : {}),
    ...(q.dueTo ? { dueTo: q.dueTo } : {}),
    ...(q.paidFrom ? { paidFrom: q.paidFrom } : {}),
    ...(q.paidTo ? { paidTo: q.paidTo } : {}),
    ...(q.mode ? { liveMode: q.mode === 'live' } : {}),
    ...sort,
    limit: PAGE_SIZE,
    offset: (q.page - 1) * PAGE_SIZE,
  };
}

const DEFAULTS: Partial<Record<keyof ListQuery, string>> = { sort: 'issueDate', order: 'desc', page: '1' };

/** The query string for `q` with `change` applied; defaults and empty values left out. */
export function queryString(q: ListQuery, change: Partial<ListQuery> = {}): string {
  const next = { ...q, ...change };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    const text = typeof value === 'boolean' ? (value ? '1' : '') : String(value);
    if (text === '' || DEFAULTS[key as keyof ListQuery] === text) continue;
    params.set(key, text);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}
