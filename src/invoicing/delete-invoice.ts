import { assertDeletable } from '../domain/invoice-status.ts';
import { deleteInvoice as removeInvoice, type StoredInvoice } from '../store/invoices.ts';
import { recordWebhookEvents } from '../store/webhook-events.ts';
import type { StoreContext } from './context.ts';
import { lockInvoice } from './read-invoices.ts';
import { invoiceWebhook } from './webhook-payload.ts';

/** Deletes a draft (HighLevel deletes drafts only); returns the invoice as it was. */
export async function deleteInvoice(
  ctx: StoreContext,
  locationId: string,
  invoiceId: string,
): Promise<StoredInvoice> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const found = await lockInvoice(trx, locationId, invoiceId);
    assertDeletable(found.invoice.status);
    await removeInvoice(trx, invoiceId);
    await recordWebhookEvents(trx, locationId, [invoiceWebhook('InvoiceDelete', found)]);
    return found;
  });
}
