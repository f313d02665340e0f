/** The JSON columns of deliveries (schema.ts DeliveriesTable). */

/** The message as it left: email fields, or the SMS body. */
export interface DeliveredContent {
  subject?: string;
  from?: { name: string; address: string };
  replyTo?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  html?: string;
  text?: string;
  body?: string;
}

/** What the send asked of a delivery, kept for the worker that renders it and for history. */
export interface DeliveryRequest {
  /** What the message is: the invoice (a send), a payment's receipt, or a failed charge's notice. */
  kind?: 'invoice' | 'receipt' | 'payment_failed' | 'reminder';
  /** A reminder's: which one (ReminderDto.reminderId) and its occurrence. */
  reminderId?: string;
  occurrence?: number;
  paymentId?: string;
  chargeId?: string;
  action?: string;
  sentFrom?: { fromName?: string; fromEmail?: string } | null;
  userId?: string;
  /** An estimate's send: its mode (the dev outbox never shows a live message). */
  liveMode?: boolean;
}
