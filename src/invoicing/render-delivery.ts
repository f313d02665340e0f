/**
 * What a worker sends for a delivery: the invoice as it is now, rendered for the delivery's channel, as
 * the message `request.kind` names: the invoice (a send, with its PDF), a payment's receipt, or the
 * notice that an automatic payment failed.
 */
import type { EmailMessage, SmsMessage } from '../delivery/types.ts';
import { type InvoiceDocument, toDocumentPayment } from '../render/document.ts';
import { renderInvoiceEmail } from '../render/email.tsx';
import type { RenderedEmail } from '../render/email-layout.tsx';
import { renderPaymentFailedEmail, renderReceiptEmail } from '../render/payment-emails.tsx';
import { renderInvoicePdf } from '../render/pdf/invoice-pdf.ts';
import { renderReminderEmail, renderReminderSms } from '../render/reminder-messages.tsx';
import { renderInvoiceSms } from '../render/sms.ts';
import { findCharge } from '../store/charges.ts';
import { locationNow } from '../store/clocks.ts';
import type { Store } from '../store/db.ts';
import { findInvoice, type StoredInvoice } from '../store/invoices.ts';
import { findPayment } from '../store/payments.ts';
import type { DeliveryRow } from '../store/schema.ts';
import type { RenderDelivery } from './deliver.ts';
import { loadInvoiceDocument } from './invoice-document.ts';
import {
  emailEnvelope,
  gone,
  type RendererConfig,
  renderEstimateDelivery,
} from './render-estimate-delivery.ts';

/** A payment email; undefined for the invoice itself. */
async function paymentEmail(
  store: Store,
  delivery: DeliveryRow,
  doc: InvoiceDocument,
): Promise<RenderedEmail | undefined> {
  const { kind, paymentId, chargeId } = delivery.request;
  const payment = paymentId ? await findPayment(store.db, delivery.location_id, paymentId) : undefined;
  if (kind === 'receipt') {
    if (!payment) throw gone('payment');
    return renderReceiptEmail(doc, toDocumentPayment(payment));
  }
  if (kind !== 'payment_failed') return undefined;
  const charge = chargeId ? await findCharge(store.db, chargeId) : undefined;
  if (!charge && !payment) throw gone('failed payment');
  const amount = charge?.amount ?? payment!.amount;
  const reason = charge?.last_error ?? payment?.failure_reason ?? '';
  return renderPaymentFailedEmail(doc, { amount, reason });
}

function invoiceEmail(stored: StoredInvoice) {
  const sentTo = stored.invoice.sent_to;
  return { cc: sentTo.emailCc ?? [], bcc: sentTo.emailBcc ?? [] };
}

/** Whether the invoice is overdue now, for its mode's time (the test clock for test invoices). */
async function reminderOf(store: Store, stored: StoredInvoice): Promise<{ overdue: boolean }> {
  const { invoice } = stored;
  const now = await locationNow(store.db, invoice.location_id, invoice.live_mode);
  return { overdue: invoice.due_date < now.toISOString().slice(0, 10) };
}

function reminderSubject(stored: StoredInvoice, reminderId: string | undefined): string {
  const reminders = stored.invoice.extra.remindersConfiguration?.reminderSettings?.reminders ?? [];
  return reminders.find((r) => r.reminderId === reminderId)?.emailSubject ?? '';
}

export function createRenderer(
  store: Store,
  config: RendererConfig,
  renderPdf: (doc: InvoiceDocument) => Promise<Buffer> = renderInvoicePdf,
): RenderDelivery {
  return async (delivery: DeliveryRow): Promise<EmailMessage | SmsMessage> => {
    if (delivery.estimate_id !== null) return renderEstimateDelivery(store, config, delivery);
    const stored = await findInvoice(store.db, delivery.location_id, delivery.invoice_id ?? '');
    if (!stored) throw gone('invoice');
    const doc = await loadInvoiceDocument(store.db, stored, config.publicUrl);
    const reminder = delivery.request.kind === 'reminder' ? await reminderOf(store, stored) : undefined;
    if (delivery.channel === 'sms') {
      const body = reminder ? renderReminderSms(doc, reminder) : renderInvoiceSms(doc);
      return { messageId: delivery.message_id, to: delivery.recipient, body };
    }
    const { fromName, envelope } = emailEnvelope(
      delivery,
      { name: doc.business.name, email: doc.business.email ?? null },
      config,
    );
    // Payment emails go to the contact alone: the send's copies were for the invoice.
    const payment = await paymentEmail(store, delivery, doc);
    if (payment) return { ...envelope, cc: [], bcc: [], ...payment, attachments: [] };
    if (reminder) {
      const subject = reminderSubject(stored, delivery.request.reminderId);
      return {
        ...envelope,
        cc: [],
        bcc: [],
        ...renderReminderEmail(doc, { ...reminder, subject }),
        attachments: [],
      };
    }
    const rendered = renderInvoiceEmail(doc, { fromName });
    const pdf = await renderPdf(doc);
    return {
      ...envelope,
      ...invoiceEmail(stored),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: [
        { filename: `${doc.displayNumber ?? 'invoice'}.pdf`, contentType: 'application/pdf', content: pdf },
      ],
    };
  };
}
