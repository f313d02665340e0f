import nodemailer from 'nodemailer';
import type { EmailMessage, EmailTransport } from './types.ts';

/**
 * Real email over SMTP. `url` is a nodemailer connection URL, e.g. smtps://user:pass@smtp.example.com:465;
 * options go in its query (smtp://host:587?pool=true&connectionTimeout=10000). It holds credentials: never log it.
 */
export function createSmtpTransport(options: {
  url: string;
  /**
   * The delivery timeout (job expiry, DELIVERY_TIMEOUT_SECONDS): the SMTP timeouts stay well within it,
   * so a hung server fails the attempt before its job expires (a retry would then run alongside it).
   */
  deliveryTimeoutSeconds?: number;
}): EmailTransport {
  const transporter = nodemailer.createTransport({
    url: options.url,
    ...smtpTimeouts(options.deliveryTimeoutSeconds ?? 120),
  });
  return {
    kind: 'smtp',
    async send(message: EmailMessage): Promise<{ providerId: string }> {
      const info = await transporter.sendMail({
        // Our stable id becomes the Message-ID header, so a redelivered message is recognisable downstream.
        messageId: message.messageId,
        from: { name: headerText(message.from.name), address: message.from.address },
        replyTo: message.replyTo,
        to: message.to,
        cc: message.cc,
        bcc: message.bcc,
        subject: headerText(message.subject),
        html: message.html,
        text: message.text,
        attachments: message.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
        // Only in-memory content is attached: never let a message body name a file or URL to read.
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      return { providerId: info.messageId || info.response };
    },
    async close(): Promise<void> {
      transporter.close();
    },
  };
}

/**
 * Connection and greeting timeouts (nodemailer's defaults are 2 min and 30 s) and the socket inactivity
 * timeout (default 10 min), as fractions of the delivery timeout, capped. Values in the URL's query win.
 */
function smtpTimeouts(deliveryTimeoutSeconds: number) {
  const budgetMs = deliveryTimeoutSeconds * 1000;
  return {
    connectionTimeout: Math.min(10_000, Math.floor(budgetMs / 6)),
    greetingTimeout: Math.min(10_000, Math.floor(budgetMs / 6)),
    socketTimeout: Math.min(30_000, Math.floor(budgetMs / 3)),
  };
}

function headerText(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}
