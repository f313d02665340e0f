/**
 * The layout every email to a customer shares (the invoice, a receipt, a failed payment): HTML built from
 * tables, presentational attributes and inline styles, because mail clients ignore most of CSS; and the
 * plain-text alternative's frame.
 */
import type { ComponentChildren } from 'preact';
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

/** Label and value rows, as the fact table shows them. */
export type FactRows = Array<[string, string]>;

const HEAD = staticMarkup`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
`;

const TEXT_STYLE = 'padding:8px 24px;font-size:15px;color:#1f2933;line-height:1.5;';

/** The customer's page link, as emails show it. */
export function pageLink(doc: InvoiceDocument): string {
  return safeHttpUrl(doc.publicUrl) ?? doc.publicUrl;
}

function Masthead({ doc }: { doc: EmailSubject }) {
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

/** A row of running text. */
export function Paragraph({ children }: { children: ComponentChildren }) {
  return (
    <tr>
      <td style={TEXT_STYLE}>{children}</td>
    </tr>
  );
}

/** A row with the label and value table. */
export function FactTable({ rows }: { rows: FactRows }) {
  return (
    <tr>
      <td style="padding:8px 24px;">
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
      </td>
    </tr>
  );
}

/** A row with a button to the link, and the link written out for clients that hide buttons. */
export function LinkButton({ link, label }: { link: string; label: string }) {
  const buttonStyle =
    'display:inline-block;padding:12px 28px;font-size:16px;font-weight:bold;color:#ffffff;' +
    'text-decoration:none;border-radius:4px;';
  return (
    <tr>
      <td align="center" style="padding:24px;">
        <table role="presentation" cellPadding="0" cellSpacing="0" border="0">
          <tr>
            <td align="center" bgcolor="#3f51b5" style="border-radius:4px;">
              <a href={link} target="_blank" style={buttonStyle} rel="noopener">
                {label}
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
    </tr>
  );
}

/** The small print at the bottom of the card. */
export function Footnote({ children }: { children: ComponentChildren }) {
  return (
    <tr>
      <td style="padding:12px 24px 24px 24px;font-size:12px;color:#9aa5b1;">{children}</td>
    </tr>
  );
}

/** What the layout shows of its subject (an invoice or an estimate): the business in the masthead. */
export type EmailSubject = Pick<InvoiceDocument, 'business'>;

interface ShellProps {
  doc: EmailSubject;
  /** The test-mode strip's text; absent for live invoices. */
  testNote?: string;
  children: ComponentChildren;
}

function EmailShell({ doc, testNote, children }: ShellProps) {
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
              {testNote && (
                <tr>
                  <td style={testModeStyle}>{testNote}</td>
                </tr>
              )}
              <Masthead doc={doc} />
              {children}
            </table>
          </td>
        </tr>
      </table>
    </body>
  );
}

/** The email's HTML in the shared shell and its text part: the test note, `lines`, the business's name. */
export function renderEmail(parts: {
  doc: EmailSubject;
  subject: string;
  testNote?: string;
  content: ComponentChildren;
  lines: string[];
}): RenderedEmail {
  const { doc, subject, testNote } = parts;
  const body = (
    <EmailShell doc={doc} testNote={testNote}>
      {parts.content}
    </EmailShell>
  );
  const html = renderHtmlDocument({ head: HEAD, title: subject, body });
  const text = [...(testNote ? [testNote, ''] : []), ...parts.lines, '', '--', doc.business.name];
  return { subject, html, text: `${text.join('\n')}\n` };
}
