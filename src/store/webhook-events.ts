/** Events for webhook subscribers, written in the transaction of the change they report. */
export type WebhookEventType = 'InvoiceSent' | 'InvoicePaid' | 'InvoicePartiallyPaid';
