import { assertVoidable } from '../domain/invoice-status.ts';
import { recordEvent } from '../store/events.ts';
import { markVoid, type StoredInvoice } from '../store/invoices.ts';
import type { Actor, StoreContext } from './context.ts';
import { keepView, lockInvoice } from './read-invoices.ts';

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
    const voided = await markVoid(trx, invoiceId, new Date());
    await recordEvent(trx, {
      invoiceId,
      locationId,
      type: 'voided',
      actor: { tokenId: actor.tokenId },
      data: { statusBefore: invoice.status },
    });
    const after = { invoice: voided, items };
    await keepView(trx, after);
    return after;
  });
}
