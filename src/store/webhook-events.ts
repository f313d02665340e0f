/** Events for webhook subscribers, written in the transaction of the change they report (store/sends.ts). */
export type WebhookEventType = 'InvoiceSent';
