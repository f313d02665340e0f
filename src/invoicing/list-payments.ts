import { listPayments as ledgerRows, refundsOf } from '../store/payments.ts';
import type { StoreContext } from './context.ts';
import { toPaymentView } from './payment-view.ts';
import { getInvoiceJson } from './read-invoices.ts';

/** GET /invoices/{invoiceId}/payments: the invoice's ledger, oldest first (404 for another location's). */
export async function listInvoicePayments(ctx: StoreContext, locationId: string, invoiceId: string) {
  await getInvoiceJson(ctx, locationId, invoiceId);
  const [payments, refunds] = await Promise.all([
    ledgerRows(ctx.store.db, invoiceId),
    refundsOf(ctx.store.db, invoiceId),
  ]);
  return payments.map((p) => toPaymentView(p, refunds));
}
