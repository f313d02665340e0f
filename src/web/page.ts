/**
 * The customer's hosted invoice page (GET /i/{token}): one self-contained HTML document, inline CSS, no
 * scripts. The only outside resource is the business's own logo (http(s) URLs only), fetched without a
 * Referer so the page's secret token never leaks to the logo's host.
 */

import { formatMoney } from '../domain/money.ts';
import { addressLines, formatDate, shownNumber, statusLabel } from '../render/display.ts';
import type { InvoiceDocument } from '../render/document.ts';
import { htmlToText } from '../render/terms.ts';
import { safeHttpUrl } from '../render/urls.ts';
import { escapeHtml as e } from './html.ts';

const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f5f7fa;color:#1f2933;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;overflow-wrap:anywhere}
.sheet{max-width:860px;margin:24px auto;background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:32px}
.banner{margin:-32px -32px 24px;padding:12px 32px;font-weight:600;border-radius:8px 8px 0 0}
.banner + .banner{margin-top:-24px;border-radius:0}
.banner-void{background:#fde8e8;color:#9b1c1c}
.banner-paid{background:#def7ec;color:#03543f}
.banner-test{background:#fef3c7;color:#92400e}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;gap:24px}
.logo{display:block;max-height:56px;max-width:200px;margin-bottom:8px}
.business-name{font-size:18px;font-weight:700;margin:0}
.muted{color:#616e7c}
.small{font-size:13px}
.lines{margin:4px 0 0;padding:0;list-style:none}
.meta{text-align:right}
h1{font-size:24px;margin:0 0 6px;font-weight:700}
.pill{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:700;letter-spacing:.04em;background:#e8eaf6;color:#3f51b5}
.pill-void{background:#fde8e8;color:#9b1c1c}
.pill-paid{background:#def7ec;color:#03543f}
.dates{margin:10px 0 0;display:grid;grid-template-columns:auto auto;gap:2px 12px;justify-content:end}
.dates dt{color:#616e7c}
.dates dd{margin:0;font-weight:600}
.due{margin-top:12px;font-size:13px;color:#616e7c}
.due strong{display:block;font-size:26px;color:#1f2933}
.bill-to{margin:28px 0 0}
.label{font-size:12px;font-weight:700;letter-spacing:.06em;color:#616e7c;text-transform:uppercase;margin:0 0 4px}
table.items{width:100%;border-collapse:collapse;margin-top:28px}
.items th{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#616e7c;text-align:left;border-bottom:2px solid #1f2933;padding:8px 6px}
.items td{border-bottom:1px solid #e4e7eb;padding:10px 6px;vertical-align:top}
.items .num{text-align:right;white-space:nowrap}
.item-name{font-weight:600}
.item-description{font-size:13px;color:#616e7c}
table.totals{margin:16px 0 0 auto;border-collapse:collapse;min-width:280px}
.totals td{padding:4px 6px}
.totals td:last-child{text-align:right;white-space:nowrap}
.totals .strong td{font-weight:700;font-size:17px;border-top:1px solid #e4e7eb;padding-top:8px}
#pay{margin-top:28px;padding:20px;border:2px dashed #cbd2d9;border-radius:8px;text-align:center}
#pay button{font:inherit;font-weight:700;padding:12px 28px;border:0;border-radius:6px;background:#9aa5b1;color:#fff;cursor:not-allowed}
.terms{margin-top:28px}
.terms p{white-space:pre-line;margin:0}
.footer{margin-top:28px;padding-top:16px;border-top:1px solid #e4e7eb;display:flex;justify-content:space-between;flex-wrap:wrap;gap:12px}
.download{display:inline-block;padding:10px 18px;border:1px solid #3f51b5;border-radius:6px;color:#3f51b5;font-weight:600;text-decoration:none}
@media (max-width:640px){
  .sheet{margin:0;border:0;border-radius:0;padding:20px 16px}
  .banner{margin:-20px -16px 20px;padding:12px 16px;border-radius:0}
  .banner + .banner{margin-top:-20px}
  .top{flex-direction:column}
  .meta{text-align:left}
  .dates{justify-content:start}
  .items thead{display:none}
  .items,.items tbody,.items tr,.items td{display:block;width:100%}
  .items tr{border-bottom:1px solid #e4e7eb;padding:10px 0}
  .items td{border:0;padding:2px 0}
  .items td.num{text-align:left;white-space:normal}
  .items td.num::before{content:attr(data-label) ": ";color:#616e7c}
  table.totals{width:100%;min-width:0}
}
@media print{body{background:#fff}.sheet{border:0;margin:0}#pay,.download{display:none}}
`;

function lines(values: Array<string | undefined>): string {
  const present = values.filter((v): v is string => Boolean(v?.trim()));
  if (present.length === 0) return '';
  return `<ul class="lines muted small">${present.map((v) => `<li>${e(v)}</li>`).join('')}</ul>`;
}

function payArea(doc: InvoiceDocument, amountDue: string): string {
  if (doc.status === 'void' || doc.status === 'paid' || doc.amountDue <= 0) return '';
  const note =
    doc.status === 'payment_processing'
      ? 'A payment for this invoice is being processed.'
      : 'Online payment is not available yet. Please pay using the details agreed with the business.';
  // Placeholder for the future Pay button: the section keeps its id so payment can slot in here.
  return `<section id="pay" aria-label="Payment" data-state="placeholder">
<p class="muted small">${e(note)}</p>
<button type="button" disabled aria-disabled="true">Pay ${e(amountDue)}</button>
</section>`;
}

export function renderInvoicePage(doc: InvoiceDocument, opts: { pdfUrl: string }): string {
  const money = (minor: number) => formatMoney(minor, doc.currency);
  const number = shownNumber(doc);
  const heading = `${doc.title || 'Invoice'} ${number}`;
  const amountDue = money(doc.amountDue);
  const logo = safeHttpUrl(doc.business.logoUrl);
  const website = safeHttpUrl(doc.business.website);
  const pdfUrl = opts.pdfUrl;
  const label = statusLabel(doc.status);
  const pillClass =
    doc.status === 'void' ? 'pill pill-void' : doc.status === 'paid' ? 'pill pill-paid' : 'pill';

  const banners = [
    doc.status === 'void'
      ? '<div class="banner banner-void" role="status">This invoice has been voided</div>'
      : '',
    doc.status === 'paid'
      ? '<div class="banner banner-paid" role="status">This invoice has been paid</div>'
      : '',
    doc.liveMode
      ? ''
      : '<div class="banner banner-test" role="note">Test mode: this invoice is not a real request for payment</div>',
  ].join('');

  const itemRows = doc.items
    .map(
      (item) => `<tr>
<td><div class="item-name">${e(item.name)}</div>${item.description ? `<div class="item-description">${e(item.description)}</div>` : ''}</td>
<td class="num" data-label="Qty">${e(item.qty)}</td>
<td class="num" data-label="Unit price">${e(money(item.unitAmount))}</td>
<td class="num" data-label="Amount">${e(money(item.lineTotal))}</td>
</tr>`,
    )
    .join('\n');

  const totalRows: Array<[string, string, boolean?]> = [['Subtotal', money(doc.subTotal)]];
  if (doc.discountTotal !== 0) {
    totalRows.push([
      doc.discount.type === 'percentage' ? `Discount (${doc.discount.value}%)` : 'Discount',
      `-${money(doc.discountTotal)}`,
    ]);
  }
  for (const tax of doc.taxes) totalRows.push([`${tax.name} (${tax.rate}%)`, money(tax.amount)]);
  totalRows.push(['Total', money(doc.total), true]);
  totalRows.push(['Amount paid', money(doc.amountPaid)]);
  totalRows.push(['Amount due', amountDue, true]);

  const terms = doc.termsNotes ? htmlToText(doc.termsNotes) : '';

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${e(heading)} from ${e(doc.business.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="sheet">
${banners}
<header class="top">
<div class="from">
${logo ? `<img class="logo" src="${e(logo)}" alt="" referrerpolicy="no-referrer">` : ''}
<p class="business-name">${e(doc.business.name)}</p>
${lines([...addressLines(doc.business.address), doc.business.phoneNo, doc.business.email])}
${website ? `<p class="small"><a href="${e(website)}" rel="noopener noreferrer">${e(doc.business.website ?? '')}</a></p>` : ''}
</div>
<div class="meta">
<h1>${e(heading)}</h1>
<span class="${pillClass}">${e(label)}</span>
<dl class="dates">
<dt>Issue date</dt><dd>${e(formatDate(doc.issueDate))}</dd>
<dt>Due date</dt><dd>${e(formatDate(doc.dueDate))}</dd>
</dl>
${doc.status === 'void' ? '<div class="due">Nothing is due<strong id="amount-due">Void</strong></div>' : `<div class="due">Amount due<strong id="amount-due">${e(amountDue)}</strong></div>`}
</div>
</header>
<section class="bill-to">
<p class="label">Bill to</p>
<div class="item-name">${e(doc.contact.name)}</div>
${lines([doc.contact.companyName, ...addressLines(doc.contact.address), doc.contact.email, doc.contact.phoneNo])}
</section>
<table class="items">
<thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Unit price</th><th class="num">Amount</th></tr></thead>
<tbody>
${itemRows}
</tbody>
</table>
<table class="totals">
${totalRows.map(([name, value, strong]) => `<tr${strong ? ' class="strong"' : ''}><td>${e(name)}</td><td>${e(value)}</td></tr>`).join('\n')}
</table>
${payArea(doc, amountDue)}
${terms ? `<section class="terms"><p class="label">Terms &amp; notes</p><p>${e(terms)}</p></section>` : ''}
<footer class="footer">
<a class="download" href="${e(pdfUrl)}" download>Download PDF</a>
<span class="muted small">${e(doc.business.name)}</span>
</footer>
</main>
</body>
</html>
`;
}
