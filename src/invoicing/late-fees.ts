/**
 * PATCH /invoices/{invoiceId}/late-fees-configuration: an invoice's late-fee rule, kept with the invoice
 * (and echoed as `lateFeesConfiguration`) in one transaction with its history record and InvoiceUpdate.
 * The scheduler charges by it (apply-late-fees.ts); a rule it could not charge by is a 422.
 */
import type { OpaqueObject } from '../domain/invoice.ts';
import { lateFeeProblems } from '../domain/late-fees.ts';
import { Errors } from '../errors.ts';
import { recordInvoiceChange } from '../store/invoice-writes.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import { asJsonb } from '../store/jsonb.ts';
import type { Actor, StoreContext } from './context.ts';
import { viewOf } from './invoice-view.ts';
import { lockInvoice } from './read-invoices.ts';
import { invoiceWebhook } from './webhook-payload.ts';

export async function configureInvoiceLateFees(
  ctx: StoreContext,
  actor: Actor,
  locationId: string,
  invoiceId: string,
  lateFeesConfiguration: OpaqueObject,
): Promise<StoredInvoice> {
  return ctx.store.db.transaction().execute(async (trx) => {
    const { invoice, items } = await lockInvoice(trx, locationId, invoiceId);
    if (invoice.status === 'void') throw Errors.badRequest('A void invoice cannot have late fees');
    if (invoice.status === 'paid') throw Errors.badRequest('This invoice is paid: no late fee can fall due');
    const problems = lateFeeProblems(lateFeesConfiguration, invoice.currency);
    if (problems.length > 0) throw Errors.unprocessable(problems);
    const after: StoredInvoice = {
      invoice: {
        ...invoice,
        extra: asJsonb({ ...invoice.extra, lateFeesConfiguration }),
        updated_at: new Date(),
      },
      items,
    };
    await recordInvoiceChange(trx, {
      stored: after,
      view: viewOf(after),
      events: [
        {
          invoiceId,
          locationId,
          type: 'updated',
          actor: { tokenId: actor.tokenId },
          data: { lateFeesConfiguration },
        },
      ],
      webhooks: [invoiceWebhook('InvoiceUpdate', after)],
    });
    return after;
  });
}
