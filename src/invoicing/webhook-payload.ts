/**
 * The webhook event of an invoice change: the invoice as GET returns it (invoiceNumber a string, the
 * webhook docs' form) with the event's type, location and company. The delivery adds webhookId,
 * timestamp and the subscription's appId (src/webhooks/fan-out.ts).
 */
import type { WebhookEventType } from '../domain/webhook-events.ts';
import type { StoredInvoice } from '../store/invoices.ts';
import type { WebhookEvent } from '../store/webhook-events.ts';
import { type InvoiceView, toInvoiceView, webhookInvoice } from './invoice-view.ts';

export function invoiceWebhook(
  type: WebhookEventType,
  stored: StoredInvoice,
  view: InvoiceView = toInvoiceView(stored),
): WebhookEvent {
  const { location_id: locationId, company_id: companyId } = stored.invoice;
  return { type, payload: { ...webhookInvoice(view), type, locationId, companyId } };
}
