import { assertVoidable } from '../domain/invoice-status.ts';
import { cancelPendingCharges } from '../store/charges.ts';
import { recordInvoiceChange } from '../store/invoice-writes.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { Actor, StoreContext } from './context.ts';
import { viewOf } from './invoice-view.ts';
import { lockInvoice } from './read-invoices.ts';
import { invoiceWebhook } from './webhook-payload.ts';

/** Voids an unpaid invoice with no payment under way, and records it in the history. */
export async function voidInvoice(
  ctx: StoreContext,
  actor: Actor,
  locationId: string,
  invoiceId: string,
): Promise<StoredInvoice> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const { invoice, items } = await lockInvoice(trx, locationId, invoiceId);
    assertVoidable(invoice.status);
    const cancelled = await cancelPendingCharges(trx, invoiceId);
    const now = new Date();
    const after: StoredInvoice = {
      invoice: { ...invoice, status: 'void', voided_at: now, updated_at: now },
      items,
    };
    await recordInvoiceChange(trx, {
      stored: after,
      view: viewOf(after),
      events: [
        {
          invoiceId,
          locationId,
          type: 'voided',
          actor: { tokenId: actor.tokenId },
          data: { statusBefore: invoice.status, ...(cancelled > 0 ? { chargesCancelled: cancelled } : {}) },
        },
      ],
      webhooks: [invoiceWebhook('InvoiceVoid', after)],
    });
    return after;
  });
}
