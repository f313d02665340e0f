/** A reminder of an invoice (domain/reminders.ts): its own email and SMS, with the customer page's link. */
import { formatMoney } from '../domain/money.ts';
import { formatDate, oneLine, shownNumber } from './display.ts';
import type { InvoiceDocument } from './document.ts';
import {
  FactTable,
  LinkButton,
  Paragraph,
  pageLink,
  type RenderedEmail,
  renderEmail,
} from './email-layout.tsx';
import { composeSms, smsMoney } from './sms.ts';

/** `overdue`: the due date has passed, for the location's time (the test clock for test invoices). */
export function renderReminderEmail(
  doc: InvoiceDocument,
  opts: { subject: string; overdue: boolean },
): RenderedEmail {
  const number = shownNumber(doc);
  const amountDue = formatMoney(doc.amountDue, doc.currency);
  const dueDate = formatDate(doc.dueDate);
  const link = pageLink(doc);
  const when = opts.overdue ? `was due on ${dueDate} and is overdue` : `is due on ${dueDate}`;
  const rows: Array<[string, string]> = [
    ['Invoice', number],
    ['Amount due', amountDue],
    ['Due date', dueDate],
  ];
  const subject = oneLine(opts.subject.trim() || `Reminder: invoice ${number} from ${doc.business.name}`);
  return renderEmail({
    doc,
    subject,
    ...(doc.liveMode ? {} : { testNote: 'TEST MODE: this reminder was sent in test mode' }),
    content: (
      <>
        <Paragraph>
          Hello {doc.contact.name},<br />A reminder that invoice {number} for <strong>{amountDue}</strong>{' '}
          {when}.
        </Paragraph>
        <FactTable rows={rows} />
        <LinkButton link={link} label="View and pay invoice" />
      </>
    ),
    lines: [
      `Hello ${doc.contact.name},`,
      '',
      `A reminder that invoice ${number} for ${amountDue} ${when}.`,
      '',
      ...rows.map(([label, value]) => `${label}: ${value}`),
      '',
      `View and pay invoice: ${link}`,
    ],
  });
}

/** "Acme Ltd: reminder, invoice INV-1001, $1,962.00 overdue. https://host/i/token" */
export function renderReminderSms(doc: InvoiceDocument, opts: { overdue: boolean }): string {
  const amount = smsMoney(doc.amountDue, doc.currency);
  const facts = `reminder, invoice ${shownNumber(doc)}, ${amount} ${opts.overdue ? 'overdue' : `due ${doc.dueDate}`}.`;
  return composeSms(doc.business.name, facts, doc.publicUrl);
}
