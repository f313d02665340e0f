/** GET /invoices/{invoiceId}/charges (our addition): what auto-payment scheduled and did, oldest first. */
import { toMajor } from '../domain/money.ts';
import { chargesOf } from '../store/charges.ts';
import type { ChargeRow } from '../store/schema.ts';
import type { StoreContext } from './context.ts';
import { getInvoiceJson } from './read-invoices.ts';

export function toChargeView(charge: ChargeRow) {
  return {
    _id: charge.id,
    scheduleEntryId: charge.schedule_entry_id,
    amount: toMajor(charge.amount, charge.currency),
    currency: charge.currency,
    attempt: charge.attempt,
    status: charge.status,
    runAt: charge.run_at.toISOString(),
    lastError: charge.last_error,
  };
}

/** A 404 for another location's invoice, as GET /invoices/{id} gives. */
export async function listInvoiceCharges(ctx: StoreContext, locationId: string, invoiceId: string) {
  await getInvoiceJson(ctx, locationId, invoiceId);
  return (await chargesOf(ctx.store.db, invoiceId)).map(toChargeView);
}
