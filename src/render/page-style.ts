/** The hosted invoice page's style sheet: inline (the page's CSP allows no other), phone and print layouts. */
import { staticMarkup } from './html-document.tsx';

export const PAGE_STYLE = staticMarkup`
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
#pay{margin-top:28px;padding:20px;border:1px solid #cbd2d9;border-radius:8px;background:#f8f9fb;display:grid;gap:14px}
#pay form{display:grid;gap:14px;justify-items:start}
#pay p{margin:0}
.pay-what{margin:0;font-size:16px}
.tips{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:8px 18px}
.tips legend{font-weight:600;margin-bottom:6px;padding:0}
.tips label,.save{display:inline-flex;gap:6px;align-items:center;cursor:pointer}
button,.button{font:inherit;font-weight:700;padding:12px 28px;border:0;border-radius:6px;background:#3f51b5;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#3f51b5;border:1px solid #3f51b5}
.notice{margin:0 0 14px;padding:10px 14px;border-radius:6px;font-weight:600}
.notice-error{background:#fde8e8;color:#9b1c1c}
.ledger-section{margin-top:28px}
table.ledger{width:100%;border-collapse:collapse;font-size:14px}
.ledger th{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:#616e7c;text-align:left;border-bottom:1px solid #cbd2d9;padding:6px}
.ledger td{border-bottom:1px solid #e4e7eb;padding:8px 6px;vertical-align:top}
.ledger .num{text-align:right}
.checkout{max-width:560px}
table.checkout-summary{margin:12px 0 20px;width:100%}
.card-form{display:grid;gap:14px}
.field{display:grid;gap:4px;font-weight:600;font-size:14px}
.field input{font:inherit;font-weight:400;padding:10px 12px;border:1px solid #cbd2d9;border-radius:6px;width:100%}
.field-row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.confirm h2{font-size:18px;margin:0 0 8px}
.confirm-buttons{display:flex;gap:12px;flex-wrap:wrap}
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
