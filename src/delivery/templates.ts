/**
 * The invoice email (HTML with a plain-text alternative) and the invoice SMS. Everything user-supplied is
 * escaped; the HTML uses tables and inline styles because mail clients ignore most of CSS.
 */
import { formatMoney } from '../domain/money.ts';
import { formatDate, shownNumber } from '../render/display.ts';
import type { InvoiceDocument } from '../render/document.ts';
import { safeHttpUrl } from '../render/urls.ts';
import { escapeHtml } from '../web/html.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** Subject lines are headers: no line breaks, and a bounded length. */
function oneLine(value: string, max = 200): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function renderInvoiceEmail(doc: InvoiceDocument, opts: { fromName: string }): RenderedEmail {
  const number = shownNumber(doc);
  const sender = opts.fromName.trim() || doc.business.name;
  // Spec section 3: the subject names the business, whoever the message is sent from.
  const subject = oneLine(`Invoice ${number} from ${doc.business.name}`);
  const amountDue = formatMoney(doc.amountDue, doc.currency);
  const total = formatMoney(doc.total, doc.currency);
  const dueDate = formatDate(doc.dueDate);
  const link = safeHttpUrl(doc.publicUrl) ?? doc.publicUrl;
  const logo = safeHttpUrl(doc.business.logoUrl);
  const testMode = !doc.liveMode;

  const e = escapeHtml;
  const facts: Array<[string, string]> = [
    ['Invoice', number],
    ['Amount due', amountDue],
    ['Due date', dueDate],
  ];
  if (doc.total !== doc.amountDue) facts.splice(1, 0, ['Total', total]);

  const factRows = facts
    .map(
      ([label, value]) =>
        `<tr><td style="padding:6px 0;color:#616e7c;font-size:14px;">${e(label)}</td>` +
        `<td align="right" style="padding:6px 0;color:#1f2933;font-size:14px;font-weight:bold;">${e(value)}</td></tr>`,
    )
    .join('');

  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f5f7fa;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f5f7fa;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #e4e7eb;border-radius:6px;font-family:Helvetica,Arial,sans-serif;">
${
  testMode
    ? `<tr><td style="padding:8px 24px;background-color:#fef3c7;color:#92400e;font-size:12px;font-weight:bold;text-align:center;">TEST MODE: this invoice was sent in test mode</td></tr>\n`
    : ''
}<tr><td style="padding:24px 24px 8px 24px;">
${logo ? `<img src="${e(logo)}" alt="${e(doc.business.name)}" height="48" style="display:block;height:48px;max-width:200px;border:0;margin-bottom:12px;">` : ''}
<div style="font-size:18px;font-weight:bold;color:#1f2933;">${e(doc.business.name)}</div>
</td></tr>
<tr><td style="padding:8px 24px;font-size:15px;color:#1f2933;line-height:1.5;">
Hello ${e(doc.contact.name)},<br>
${e(sender)} has sent you invoice ${e(number)} for <strong>${e(amountDue)}</strong>, due on ${e(dueDate)}.
</td></tr>
<tr><td style="padding:8px 24px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-top:1px solid #e4e7eb;border-bottom:1px solid #e4e7eb;">
${factRows}
</table>
</td></tr>
<tr><td align="center" style="padding:24px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>
<td align="center" bgcolor="#3f51b5" style="border-radius:4px;">
<a href="${e(link)}" target="_blank" style="display:inline-block;padding:12px 28px;font-size:16px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:4px;">View invoice</a>
</td></tr></table>
<div style="padding-top:12px;font-size:12px;color:#616e7c;word-break:break-all;">Or open this link: <a href="${e(link)}" style="color:#3f51b5;">${e(link)}</a></div>
</td></tr>
<tr><td style="padding:12px 24px 24px 24px;font-size:12px;color:#9aa5b1;">The invoice is attached as a PDF.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

  const text = [
    ...(testMode ? ['TEST MODE: this invoice was sent in test mode', ''] : []),
    `Hello ${doc.contact.name},`,
    '',
    `${sender} has sent you invoice ${number} for ${amountDue}, due on ${dueDate}.`,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    `View invoice: ${link}`,
    '',
    'The invoice is attached as a PDF.',
    '',
    '--',
    doc.business.name,
  ].join('\n');

  return { subject, html, text: `${text}\n` };
}

/** "Acme Ltd: invoice INV-1001, $1,962.00 due. https://host/i/token" — one SMS segment for typical values. */
export function renderInvoiceSms(doc: InvoiceDocument): string {
  const link = doc.publicUrl;
  // Intl puts a no-break space after a currency code ("KWD 1.250"); it is not in the GSM 7-bit alphabet and
  // would turn the whole SMS into UCS-2 (70 characters a segment instead of 160).
  const amount = formatMoney(doc.amountDue, doc.currency).replace(/\u00a0/g, ' ');
  const facts = `invoice ${shownNumber(doc)}, ${amount} due.`;
  const budget = 160 - facts.length - link.length - 3;
  let name = oneLine(doc.business.name);
  // Shorten a long business name rather than split the message; the link and the facts matter most.
  if (name.length > budget) name = budget > 4 ? `${name.slice(0, budget - 3).trimEnd()}...` : '';
  return name ? `${name}: ${facts} ${link}` : `${facts[0]!.toUpperCase()}${facts.slice(1)} ${link}`;
}
