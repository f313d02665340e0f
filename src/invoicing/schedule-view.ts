/** The schedule as the API answers it (GetScheduleResponseDto and the other schedule responses). */
import { toMajor } from '../domain/money.ts';
import type { ScheduleFields, ScheduleStatus } from '../domain/schedule.ts';
import type { Db } from '../store/db.ts';
import { findInvoicesById } from '../store/invoice-views.ts';
import { type ScheduleRow, scheduleInvoiceIds } from '../store/schedules.ts';
import { type InvoiceView, toInvoiceView } from './invoice-view.ts';

export interface ScheduleView extends ScheduleFields {
  _id: string;
  status: ScheduleStatus;
  liveMode: boolean;
  altId: string;
  altType: 'location';
  companyId: string;
  name: string;
  currency: string;
  invoices: InvoiceView[];
  total: number;
  title: string;
  termsNotes: string;
  compiledTermsNotes: string;
  /** Our additions: the zone the rule runs in, its next run, and the auto-payment a run's send uses. */
  timezone: string;
  nextRunAt?: string;
  autoPayment?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

function view(row: ScheduleRow, invoices: InvoiceView[]): ScheduleView {
  const terms = row.fields.termsNotes ?? '';
  return {
    ...row.fields,
    _id: row.id,
    status: row.status,
    liveMode: row.live_mode,
    altId: row.location_id,
    altType: 'location',
    companyId: row.company_id,
    name: row.name,
    currency: row.currency,
    invoices,
    total: toMajor(row.total, row.currency),
    title: row.fields.title ?? 'INVOICE',
    termsNotes: terms,
    // No placeholders are filled in schedule terms; the compiled text is the text.
    compiledTermsNotes: terms,
    timezone: row.timezone,
    ...(row.next_run_at ? { nextRunAt: row.next_run_at.toISOString() } : {}),
    ...(row.auto_payment ? { autoPayment: { ...row.auto_payment } } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The schedules with the invoices their runs created (an invoice deleted since drops out). */
export async function scheduleViews(db: Db, rows: ScheduleRow[]): Promise<ScheduleView[]> {
  const ids = await scheduleInvoiceIds(
    db,
    rows.map((r) => r.id),
  );
  const all = [...ids.values()].flat();
  const invoices = new Map(
    (all.length === 0 ? [] : await findInvoicesById(db, all)).map((s) => [s.invoice.id, toInvoiceView(s)]),
  );
  return rows.map((row) =>
    view(
      row,
      (ids.get(row.id) ?? []).map((id) => invoices.get(id)).filter((v) => v !== undefined),
    ),
  );
}

export async function scheduleView(db: Db, row: ScheduleRow): Promise<ScheduleView> {
  return (await scheduleViews(db, [row]))[0]!;
}
