import { Errors } from '../errors.ts';
import type { Db, Tx } from '../store/db.ts';
import { type InvoiceFilters, listInvoiceViews } from '../store/invoice-list.ts';
import { peekInvoiceNumber } from '../store/invoice-numbers.ts';
import {
  findInvoicesById,
  findInvoiceView,
  findStaleViewIds,
  keepRebuiltViews,
} from '../store/invoice-views.ts';
import { findInvoice, type StoredInvoice } from '../store/invoices.ts';
import type { StoreContext } from './context.ts';
import { INVOICE_VIEW_VERSION, invoiceJson, toInvoiceView } from './invoice-view.ts';

/** The invoice, locked until `trx` ends: changes to one invoice serialise on its row (§6). */
export async function lockInvoice(trx: Tx, locationId: string, invoiceId: string): Promise<StoredInvoice> {
  return found(await findInvoice(trx, locationId, invoiceId, { forUpdate: true }));
}

function found<T>(invoice: T | undefined): T {
  if (!invoice) throw Errors.invoiceNotFound();
  return invoice;
}

const isFresh = (view: {
  json: string | null;
  version: number | null;
}): view is { json: string; version: number } => view.json !== null && view.version === INVOICE_VIEW_VERSION;

/** Builds the views of these invoices from their rows, and keeps those whose rows did not change meanwhile. */
async function rebuildViews(db: Db, ids: string[]): Promise<Map<string, string>> {
  const invoices = await findInvoicesById(db, ids);
  const views = invoices.map((stored) => ({
    id: stored.invoice.id,
    rowVersion: stored.rowVersion,
    json: invoiceJson(toInvoiceView(stored)),
  }));
  await keepRebuiltViews(db, views, INVOICE_VIEW_VERSION);
  return new Map(views.map((v) => [v.id, v.json]));
}

/** GET /invoices/{id}: the invoice as JSON text, from its stored view (rebuilt when it has none). */
export async function getInvoiceJson(
  ctx: StoreContext,
  locationId: string,
  invoiceId: string,
): Promise<string> {
  const view = found(await findInvoiceView(ctx.store.db, locationId, invoiceId));
  if (isFresh(view)) return view.json;
  return found((await rebuildViews(ctx.store.db, [invoiceId])).get(invoiceId));
}

/** GET /invoices/: the page as the JSON text of ListInvoicesResponseDto. */
export async function listInvoicesJson(
  ctx: StoreContext,
  locationId: string,
  filters: InvoiceFilters,
): Promise<string> {
  if (filters.startAt && filters.endAt && filters.endAt < filters.startAt) {
    throw Errors.unprocessable('endAt must not be before startAt');
  }
  const { page, total } = await listInvoiceViews(ctx.store.db, locationId, filters);
  const json = await pageJson(ctx, page);
  return `{"invoices":[${json.join(',')}],"total":${total ?? 0}}`;
}

/** The JSON text of each invoice of a list page, in page order (stale views rebuilt). */
export async function pageJson(
  ctx: StoreContext,
  page: Array<{ id: string; json: string | null; version: number | null }>,
): Promise<string[]> {
  const stale = page.filter((view) => !isFresh(view)).map((view) => view.id);
  const rebuilt = stale.length > 0 ? await rebuildViews(ctx.store.db, stale) : new Map<string, string>();
  // An invoice deleted between the page and its rebuild drops out of the page.
  return page
    .map((view) => (isFresh(view) ? view.json : rebuilt.get(view.id)))
    .filter((j) => j !== undefined);
}

/** Builds every missing or outdated stored view, in batches (after an upgrade, or a bulk load). */
export async function refreshInvoiceViews(ctx: StoreContext, batchSize = 500): Promise<number> {
  let after = '';
  let refreshed = 0;
  for (;;) {
    const ids = await findStaleViewIds(ctx.store.db, after, INVOICE_VIEW_VERSION, batchSize);
    if (ids.length === 0) return refreshed;
    refreshed += (await rebuildViews(ctx.store.db, ids)).size;
    after = ids[ids.length - 1]!;
  }
}

export async function nextInvoiceNumber(ctx: StoreContext, locationId: string): Promise<number> {
  return peekInvoiceNumber(ctx.store.db, locationId);
}
