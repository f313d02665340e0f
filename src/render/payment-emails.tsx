/**
 * The emails that follow a payment, in the shared email layout: the receipt, and the notice that an
 * automatic payment failed with the link to pay. Neither carries a PDF: the page holds the invoice.
 */
import { formatMoney } from '../domain/money.ts';
import { formatDate, oneLine, shownNumber } from './display.ts';
import type { DocumentPayment, InvoiceDocument } from './document.ts';
import {
  type FactRows,
  FactTable,
  Footnote,
  LinkButton,
  Paragraph,
  pageLink,
  type RenderedEmail,
  renderEmail,
} from './email-layout.tsx';

const TEST_MODE_NOTE = 'TEST MODE: a test payment, no money moved';

export function renderReceiptEmail(doc: InvoiceDocument, payment: DocumentPayment): RenderedEmail {
  const money = (minor: number) => formatMoney(minor, doc.currency);
  const number = shownNumber(doc);
  const link = pageLink(doc);
  const rows: FactRows = [
    ['Invoice', number],
    ['Amount paid', money(payment.amount)],
    ...(payment.tip > 0 ? [['Tip', money(payment.tip)] as [string, string]] : []),
    ['Paid on', formatDate(payment.paidOn)],
    ['Method', payment.method],
    doc.amountDue > 0 ? ['Remaining amount due', money(doc.amountDue)] : ['Amount due', 'Paid in full'],
  ];
  const thanks = `Thank you for your payment of ${money(payment.amount + payment.tip)} to ${doc.business.name} for invoice ${number}.`;
  return renderEmail({
    doc,
    subject: oneLine(`Receipt for invoice ${number} from ${doc.business.name}`),
    ...(doc.liveMode ? {} : { testNote: TEST_MODE_NOTE }),
    content: (
      <>
        <Paragraph>
          Hello {doc.contact.name},<br />
          {thanks}
        </Paragraph>
        <FactTable rows={rows} />
        <LinkButton link={link} label="View invoice" />
        <Footnote>Keep this email as your receipt.</Footnote>
      </>
    ),
    lines: [
      `Hello ${doc.contact.name},`,
      '',
      thanks,
      '',
      ...rows.map(([label, value]) => `${label}: ${value}`),
      '',
      `View invoice: ${link}`,
      '',
      'Keep this email as your receipt.',
    ],
  });
}

/** An automatic payment was declined: why, how much, and the page to pay from. */
export function renderPaymentFailedEmail(
  doc: InvoiceDocument,
  failure: { amount: number; reason: string },
): RenderedEmail {
  const money = (minor: number) => formatMoney(minor, doc.currency);
  const number = shownNumber(doc);
  const link = pageLink(doc);
  const reason = oneLine(failure.reason, 300) || 'The payment was declined.';
  const rows: FactRows = [
    ['Invoice', number],
    ['Amount', money(failure.amount)],
    ['Reason', reason],
    ['Amount due', money(doc.amountDue)],
  ];
  const sentence = `The automatic payment of ${money(failure.amount)} for invoice ${number} from ${doc.business.name} did not go through. You can pay it from the invoice page.`;
  return renderEmail({
    doc,
    subject: oneLine(`Payment failed for invoice ${number} from ${doc.business.name}`),
    ...(doc.liveMode ? {} : { testNote: TEST_MODE_NOTE }),
    content: (
      <>
        <Paragraph>
          Hello {doc.contact.name},<br />
          {sentence}
        </Paragraph>
        <FactTable rows={rows} />
        <LinkButton link={link} label="Pay invoice" />
      </>
    ),
    lines: [
      `Hello ${doc.contact.name},`,
      '',
      sentence,
      '',
      ...rows.map(([label, value]) => `${label}: ${value}`),
      '',
      `Pay invoice: ${link}`,
    ],
  });
}
