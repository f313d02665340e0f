/** The invoice events a webhook subscription can receive (reference/highlevel/docs/webhook events/). */
export const WEBHOOK_EVENT_TYPES = [
  'InvoiceCreate',
  'InvoiceUpdate',
  'InvoiceSent',
  'InvoicePaid',
  'InvoicePartiallyPaid',
  'InvoiceVoid',
  'InvoiceDelete',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(name: string): name is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(name);
}
