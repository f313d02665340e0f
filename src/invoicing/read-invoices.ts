import { Errors } from '../errors.ts';
import type { Tx } from '../store/db.ts';
import { type InvoiceFilters, listInvoices as listStored } from '../store/invoice-list.ts';
import { peekInvoiceNumber } from '../store/invoice-numbers.ts';
import { findInvoice, type StoredInvoice } from '../store/invoices.ts';
import type { StoreContext } from './context.ts';

/** docs/send-invoice.md §1 row 7: the invoice exists in that location, else 404 (also for another location's). */
export async function getInvoice(
  ctx: StoreContext,
  locationId: string,
  invoiceId: string,
): Promise<StoredInvoice> {
  return found(await findInvoice(ctx.store.db, locationId, invoiceId));
}

/** The invoice, locked until `trx` ends: changes to one invoice serialise on its row (§6). */
export async function lockInvoice(trx: Tx, locationId: string, invoiceId: string): Promise<StoredInvoice> {
  return found(await findInvoice(trx, locationId, invoiceId, { forUpdate: true }));
}

function found(invoice: StoredInvoice | undefined): StoredInvoice {
  if (!invoice) throw Errors.invoiceNotFound();
  return invoice;
}

export async function listInvoices(
  ctx: StoreContext,
  locationId: string,
  filters: InvoiceFilters,
): Promise<{ invoices: StoredInvoice[]; total: number }> {
  if (filters.startAt && filters.endAt && filters.endAt < filters.startAt) {
    throw Errors.unprocessable('endAt must not be before startAt');
  }
  return listStored(ctx.store.db, locationId, filters);
}

export async function nextInvoiceNumber(ctx: StoreContext, locationId: string): Promise<number> {
  return peekInvoiceNumber(ctx.store.db, locationId);
}
