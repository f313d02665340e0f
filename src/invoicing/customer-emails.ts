/**
 * Emails to the customer that follow a payment (a receipt, a failed auto-payment with the pay link),
 * queued in the transaction that records the payment and delivered by the delivery workers like a send's.
 */
import { objectId } from '../domain/ids.ts';
import { chooseTransport, contactChannels, messageIdFor } from '../domain/send.ts';
import type { Tx } from '../store/db.ts';
import { insertDelivery } from '../store/deliveries.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { DeliveryRequest } from '../store/schema.ts';
import type { InvoicingContext } from './context.ts';

/** Queues the email when the contact has an address; returns the delivery's id, or undefined. */
export async function queueCustomerEmail(
  ctx: Pick<InvoicingContext, 'jobs' | 'transports'>,
  trx: Tx,
  stored: StoredInvoice,
  request: Required<Pick<DeliveryRequest, 'kind'>> & DeliveryRequest,
): Promise<string | undefined> {
  const { email } = contactChannels(stored.invoice.contact_details);
  if (email === null) return undefined;
  const id = objectId();
  await insertDelivery(trx, {
    id,
    invoiceId: stored.invoice.id,
    locationId: stored.invoice.location_id,
    sendEventId: null,
    channel: 'email',
    transport: chooseTransport('email', stored.invoice.live_mode, ctx.transports),
    recipient: email,
    messageId: messageIdFor(id, 'email'),
    request,
  });
  await ctx.jobs.enqueue(trx, { id, channel: 'email' });
  return id;
}
