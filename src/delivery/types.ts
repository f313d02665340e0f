/** Messages the workers hand to the transports, and the transports' interfaces. */

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface EmailMessage {
  /** Stable per send and channel, in angle brackets: "<id@domain>"; a redelivery reuses it. */
  messageId: string;
  from: { name: string; address: string };
  replyTo?: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
}

export interface SmsMessage {
  /** Stable per send and channel; used to recognise a redelivery. */
  messageId: string;
  to: string;
  body: string;
}

export interface EmailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(message: EmailMessage): Promise<{ providerId: string }>;
  close?(): Promise<void>;
}

export interface SmsTransport {
  readonly kind: 'twilio' | 'outbox';
  send(message: SmsMessage): Promise<{ providerId: string }>;
  close?(): Promise<void>;
}
