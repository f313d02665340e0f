/** The invoice email (a send): HTML in the shared email layout, with a plain-text alternative. */
import { formatMoney } from '../domain/money.ts';
import { formatDate, oneLine, shownNumber } from './display.ts';
import type { InvoiceDocument } from './document.ts';
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

export type { RenderedEmail };

const TEST_MODE_NOTE = 'TEST MODE: this invoice was sent in test mode';

/** The number, the total when something is paid, the amount due, the due date. */
function factRows(doc: InvoiceDocument): FactRows {
  const rows: FactRows = [
    ['Invoice', shownNumber(doc)],
    ['Amount due', formatMoney(doc.amountDue, doc.currency)],
    ['Due date', formatDate(doc.dueDate)],
  ];
  if (doc.total !== doc.amountDue) rows.splice(1, 0, ['Total', formatMoney(doc.total, doc.currency)]);
  return rows;
}

export function renderInvoiceEmail(doc: InvoiceDocument, opts: { fromName: string }): RenderedEmail {
  const sender = opts.fromName.trim() || doc.business.name;
  const number = shownNumber(doc);
  const amountDue = formatMoney(doc.amountDue, doc.currency);
  const dueDate = formatDate(doc.dueDate);
  const link = pageLink(doc);
  const rows = factRows(doc);
  const content = (
    <>
      <Paragraph>
        Hello {doc.contact.name},<br />
        {sender} has sent you invoice {number} for <strong>{amountDue}</strong>, due on {dueDate}.
      </Paragraph>
      <FactTable rows={rows} />
      <LinkButton link={link} label="View invoice" />
      <Footnote>The invoice is attached as a PDF.</Footnote>
    </>
  );
  return renderEmail({
    doc,
    // Spec section 3: the subject names the business, whoever the message is sent from.
    subject: oneLine(`Invoice ${number} from ${doc.business.name}`),
    ...(doc.liveMode ? {} : { testNote: TEST_MODE_NOTE }),
    content,
    lines: [
      `Hello ${doc.contact.name},`,
      '',
      `${sender} has sent you invoice ${number} for ${amountDue}, due on ${dueDate}.`,
      '',
      ...rows.map(([label, value]) => `${label}: ${value}`),
      '',
      `View invoice: ${link}`,
      '',
      'The invoice is attached as a PDF.',
    ],
  });
}
