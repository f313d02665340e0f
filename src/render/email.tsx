/**
 * The invoice email: HTML with a plain-text alternative. The HTML uses tables, presentational attributes
 * and inline styles because mail clients ignore most of CSS.
 */
import { formatMoney } from '../domain/money.ts';
import { formatDate, oneLine, shownNumber } from './display.ts';
import type { InvoiceDocument } from './document.ts';
import { renderHtmlDocument, staticMarkup } from './html-document.tsx';
import { safeHttpUrl } from './urls.ts';

declare module 'preact' {
  namespace JSX {
    // Presentational attributes that mail clients still honour and preact's types leave out.
    interface TableHTMLAttributes {
      border?: string;
    }
    interface TdHTMLAttributes {
      bgcolor?: string;
    }
  }
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
`;

const TEST_MODE_NOTE = 'TEST MODE: this invoice was sent in test mode';

/** What both parts of the email say. */
interface EmailFacts {
  doc: InvoiceDocument;
  sender: string;
  number: string;
  amountDue: string;
  dueDate: string;
  link: string;
  testMode: boolean;
  /** Label and value rows: the number, the total when something is paid, the amount due, the due date. */
  rows: Array<[string, string]>;
}

function emailFacts(doc: InvoiceDocument, fromName: string): EmailFacts {
  const number = shownNumber(doc);
  const amountDue = formatMoney(doc.amountDue, doc.currency);
  const dueDate = formatDate(doc.dueDate);
  const rows: Array<[string, string]> = [
    ['Invoice', number],
    ['Amount due', amountDue],
    ['Due date', dueDate],
  ];
  if (doc.total !== doc.amountDue) rows.splice(1, 0, ['Total', formatMoney(doc.total, doc.currency)]);
  return {
    doc,
    sender: fromName.trim() || doc.business.name,
    number,
    amountDue,
    dueDate,
    link: safeHttpUrl(doc.publicUrl) ?? doc.publicUrl,
    testMode: !doc.liveMode,
    rows,
  };
}

function Masthead({ doc }: { doc: InvoiceDocument }) {
  const logo = safeHttpUrl(doc.business.logoUrl);
  return (
    <tr>
      <td style="padding:24px 24px 8px 24px;">
        {logo && (
          <img
            src={logo}
            alt={doc.business.name}
            height="48"
            style="display:block;height:48px;max-width:200px;border:0;margin-bottom:12px;"
          />
        )}
        <div style="font-size:18px;font-weight:bold;color:#1f2933;">{doc.business.name}</div>
      </td>
    </tr>
  );
}

function FactTable({ rows }: { rows: EmailFacts['rows'] }) {
  return (
    <table
      role="presentation"
      width="100%"
      cellPadding="0"
      cellSpacing="0"
      border="0"
      style="border-top:1px solid #e4e7eb;border-bottom:1px solid #e4e7eb;"
    >
      {rows.map(([label, value]) => (
        <tr>
          <td style="padding:6px 0;color:#616e7c;font-size:14px;">{label}</td>
          <td align="right" style="padding:6px 0;color:#1f2933;font-size:14px;font-weight:bold;">
            {value}
          </td>
        </tr>
      ))}
    </table>
  );
}

function ViewButton({ link }: { link: string }) {
  const buttonStyle =
    'display:inline-block;padding:12px 28px;font-size:16px;font-weight:bold;color:#ffffff;' +
    'text-decoration:none;border-radius:4px;';
  return (
    <td align="center" style="padding:24px;">
      <table role="presentation" cellPadding="0" cellSpacing="0" border="0">
        <tr>
          <td align="center" bgcolor="#3f51b5" style="border-radius:4px;">
            <a href={link} target="_blank" style={buttonStyle} rel="noopener">
              View invoice
            </a>
          </td>
        </tr>
      </table>
      <div style="padding-top:12px;font-size:12px;color:#616e7c;word-break:break-all;">
        Or open this link:{' '}
        <a href={link} style="color:#3f51b5;">
          {link}
        </a>
      </div>
    </td>
  );
}

function EmailBody({ facts }: { facts: EmailFacts }) {
  const { doc } = facts;
  const cardStyle =
    'max-width:560px;background-color:#ffffff;border:1px solid #e4e7eb;border-radius:6px;' +
    'font-family:Helvetica,Arial,sans-serif;';
  const testModeStyle =
    'padding:8px 24px;background-color:#fef3c7;color:#92400e;font-size:12px;font-weight:bold;text-align:center;';
  return (
    <body style="margin:0;padding:0;background-color:#f5f7fa;">
      <table
        role="presentation"
        width="100%"
        cellPadding="0"
        cellSpacing="0"
        border="0"
        style="background-color:#f5f7fa;"
      >
        <tr>
          <td align="center" style="padding:24px 12px;">
            <table
              role="presentation"
              width="100%"
              cellPadding="0"
              cellSpacing="0"
              border="0"
              style={cardStyle}
            >
              {facts.testMode && (
                <tr>
                  <td style={testModeStyle}>{TEST_MODE_NOTE}</td>
                </tr>
              )}
              <Masthead doc={doc} />
              <tr>
                <td style="padding:8px 24px;font-size:15px;color:#1f2933;line-height:1.5;">
                  Hello {doc.contact.name},<br />
                  {facts.sender} has sent you invoice {facts.number} for <strong>{facts.amountDue}</strong>,
                  due on {facts.dueDate}.
                </td>
              </tr>
              <tr>
                <td style="padding:8px 24px;">
                  <FactTable rows={facts.rows} />
                </td>
              </tr>
              <tr>
                <ViewButton link={facts.link} />
              </tr>
              <tr>
                <td style="padding:12px 24px 24px 24px;font-size:12px;color:#9aa5b1;">
                  The invoice is attached as a PDF.
                </td>
              </tr>
            </table>
          </td>
        </tr>
      </table>
    </body>
  );
}

function emailText(facts: EmailFacts): string {
  const { doc } = facts;
  const lines = [
    ...(facts.testMode ? [TEST_MODE_NOTE, ''] : []),
    `Hello ${doc.contact.name},`,
    '',
    `${facts.sender} has sent you invoice ${facts.number} for ${facts.amountDue}, due on ${facts.dueDate}.`,
    '',
    ...facts.rows.map(([label, value]) => `${label}: ${value}`),
    '',
    `View invoice: ${facts.link}`,
    '',
    'The invoice is attached as a PDF.',
    '',
    '--',
    doc.business.name,
  ];
  return `${lines.join('\n')}\n`;
}

export function renderInvoiceEmail(doc: InvoiceDocument, opts: { fromName: string }): RenderedEmail {
  const facts = emailFacts(doc, opts.fromName);
  // Spec section 3: the subject names the business, whoever the message is sent from.
  const subject = oneLine(`Invoice ${facts.number} from ${doc.business.name}`);
  const html = renderHtmlDocument({ head: HEAD, title: subject, body: <EmailBody facts={facts} /> });
  return { subject, html, text: emailText(facts) };
}
