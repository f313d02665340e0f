/** What a worker sends for a delivery: the invoice as it is now, rendered for the delivery's channel. */
import type { DeliveryConfig } from '../config.ts';
import type { EmailMessage, SmsMessage } from '../delivery/types.ts';
import { chooseSender } from '../domain/sender.ts';
import { renderInvoiceEmail } from '../render/email.tsx';
import { renderInvoicePdf } from '../render/pdf/invoice-pdf.ts';
import { renderInvoiceSms } from '../render/sms.ts';
import type { Store } from '../store/db.ts';
import { findInvoice } from '../store/invoices.ts';
import type { DeliveryRow } from '../store/schema.ts';
import type { RenderDelivery } from './deliver.ts';
import { loadInvoiceDocument } from './invoice-document.ts';

export function createRenderer(
  store: Store,
  config: { publicUrl: string; delivery: Pick<DeliveryConfig, 'mailFrom' | 'senderDomains'> },
): RenderDelivery {
  return async (delivery: DeliveryRow): Promise<EmailMessage | SmsMessage> => {
    const stored = await findInvoice(store.db, delivery.location_id, delivery.invoice_id);
    if (!stored) throw Object.assign(new Error('the invoice no longer exists'), { retryable: false });
    const doc = await loadInvoiceDocument(store.db, stored, config.publicUrl);
    if (delivery.channel === 'sms') {
      return { messageId: delivery.message_id, to: delivery.recipient, body: renderInvoiceSms(doc) };
    }
    const sender = chooseSender({
      requested: delivery.request.sentFrom ?? undefined,
      locationDefaults: { name: doc.business.name, email: doc.business.email ?? null },
      defaultFrom: config.delivery.mailFrom,
      senderDomains: config.delivery.senderDomains,
    });
    const rendered = renderInvoiceEmail(doc, { fromName: sender.from.name });
    const sentTo = stored.invoice.sent_to;
    const pdf = await renderInvoicePdf(doc);
    return {
      messageId: delivery.message_id,
      from: sender.from,
      ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
      to: [delivery.recipient],
      cc: sentTo.emailCc ?? [],
      bcc: sentTo.emailBcc ?? [],
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: [
        { filename: `${doc.displayNumber ?? 'invoice'}.pdf`, contentType: 'application/pdf', content: pdf },
      ],
    };
  };
}
