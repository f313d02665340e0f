/**
 * The dev outbox: messages that must not leave the machine (test mode, or no provider configured).
 * Nothing is sent; the worker stores the rendered message in its deliveries row, so the outbox is the
 * rows whose transport is 'outbox' (served by http/dev-outbox.ts).
 */
import type { EmailMessage, EmailTransport, SmsMessage, SmsTransport } from './types.ts';

export const outboxEmailTransport: EmailTransport = {
  kind: 'outbox',
  async send(message: EmailMessage) {
    return { providerId: `outbox:${message.messageId}` };
  },
};

export const outboxSmsTransport: SmsTransport = {
  kind: 'outbox',
  async send(message: SmsMessage) {
    return { providerId: `outbox:${message.messageId}` };
  },
};
