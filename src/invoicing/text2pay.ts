/**
 * POST /invoices/text2pay (issue #12 item 7): create an invoice (or update the one named by `id`) and,
 * with `action: send`, text the customer its pay link — in ONE transaction, so a send that is refused
 * (no phone number, a user not of the location) leaves no invoice and no change behind.
 */
import type { BusinessDetails, Discount } from '../domain/invoice.ts';
import { publicInvoiceUrl } from '../render/document.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { Actor, AutoPaymentContext } from './context.ts';
import { createInvoiceIn, type NewInvoice } from './create-invoice.ts';
import { type InvoiceView, toInvoiceView } from './invoice-view.ts';
import { sendIn } from './send-invoice.ts';
import { updateInvoiceIn } from './update-invoice.ts';

/** Text2PayDto, as the route has validated it: a create body whose business details and discount may be left out. */
export interface Text2Pay extends Omit<NewInvoice, 'businessDetails' | 'discount'> {
  businessDetails?: BusinessDetails;
  discount?: Discount;
  /** An invoice of the location to update instead of creating one. */
  id?: string;
  action: 'draft' | 'send';
  userId: string;
}

const NO_DISCOUNT: Discount = { type: 'percentage', value: 0 };

export async function text2pay(
  ctx: AutoPaymentContext,
  actor: Actor,
  input: Text2Pay,
): Promise<{ invoice: InvoiceView; invoiceUrl: string }> {
  const { id, action, userId, ...fields } = input;
  const body: NewInvoice = {
    ...fields,
    businessDetails: fields.businessDetails ?? {},
    discount: fields.discount ?? NO_DISCOUNT,
  };
  return ctx.store.db.transaction().execute(async (trx) => {
    const stored: StoredInvoice =
      id === undefined
        ? await createInvoiceIn(trx, actor, body)
        : await updateInvoiceIn(trx, actor, id, {
            ...body,
            invoiceItems: body.items,
            dueDate: body.dueDate ?? body.issueDate,
            businessDetails: fields.businessDetails,
            discount: fields.discount,
          });
    let invoice = toInvoiceView(stored);
    if (action === 'send') {
      const sent = await sendIn(
        ctx,
        trx,
        actor,
        stored.invoice.id,
        { altId: input.altId, userId, action: 'sms', liveMode: input.liveMode },
        undefined,
      );
      invoice = sent.result.invoice;
    }
    return { invoice, invoiceUrl: publicInvoiceUrl(ctx.publicUrl, stored.invoice.public_token) };
  });
}
