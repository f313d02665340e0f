/** The dashboard's one style sheet, served as /app/assets/app.css (the pages' CSP allows no inline CSS). */
import { DOCUMENTS_CSS } from './documents/style.ts';
import { INVOICE_PAGE_CSS } from './invoice-page/style.ts';
import { INVOICES_CSS } from './invoices/style.ts';
import { OVERVIEW_CSS } from './overview/style.ts';
import { SETTINGS_CSS } from './settings/style.ts';

const BASE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f5f7fa;color:#1f2933;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;overflow-wrap:anywhere}
a{color:#1d4ed8}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:10}
header.top{background:#111827;color:#f9fafb;display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:10px 20px}
header.top a{color:#f9fafb;text-decoration:none}
header.top .muted{color:#d1d5db}
.brand{font-weight:700;font-size:17px;margin-right:8px}
nav.main{display:flex;flex-wrap:wrap;gap:2px 4px;flex:1}
nav.main a{padding:6px 10px;border-radius:6px;white-space:nowrap}
nav.main a[aria-current=page]{background:#374151}
.who{display:flex;flex-wrap:wrap;align-items:center;gap:8px;font-size:14px}
.who form{margin:0;display:flex;gap:6px;align-items:center}
.who select{max-width:180px}
.banner-test{background:#fef3c7;color:#78350f;padding:8px 20px;font-weight:600;display:flex;flex-wrap:wrap;gap:12px;align-items:center}
.banner-test a{color:#78350f}
main{max-width:1180px;margin:0 auto;padding:20px}
h1{font-size:24px;margin:0 0 16px}
h2{font-size:18px;margin:24px 0 10px}
.card{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:16px 20px;margin-bottom:16px}
.row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end}
.row > *{flex:1 1 160px}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:12px 0}
label{display:block;font-weight:600;font-size:13px;margin-bottom:4px}
input,select,textarea{font:inherit;width:100%;padding:7px 9px;border:1px solid #9aa5b1;border-radius:6px;background:#fff;color:inherit}
input[type=checkbox],input[type=radio]{width:auto}
fieldset{border:1px solid #e4e7eb;border-radius:8px;padding:10px 14px;margin:0 0 12px}
legend{font-weight:700;padding:0 4px}
.check{display:flex;gap:8px;align-items:center;font-weight:400;font-size:15px}
button,.button{font:inherit;display:inline-block;padding:7px 14px;border-radius:6px;border:1px solid #1d4ed8;background:#1d4ed8;color:#fff;cursor:pointer;text-decoration:none;line-height:1.4}
button.secondary,.button.secondary{background:#fff;color:#1d4ed8}
button.danger,.button.danger{background:#b91c1c;border-color:#b91c1c;color:#fff}
button.link{background:none;border:0;color:inherit;padding:0;text-decoration:underline}
table.list{width:100%;border-collapse:collapse;background:#fff}
.list th,.list td{padding:8px 10px;border-bottom:1px solid #e4e7eb;text-align:left;vertical-align:top}
.list th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#52606d}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.muted{color:#52606d}
.small{font-size:13px}
.tabs{display:flex;flex-wrap:wrap;gap:4px;margin:0 0 12px;padding:0;list-style:none}
.tabs a{display:block;padding:6px 12px;border-radius:999px;background:#e4e7eb;color:#1f2933;text-decoration:none}
.tabs a[aria-current=page]{background:#1d4ed8;color:#fff}
.pill{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:700;background:#e0e7ff;color:#3730a3}
.pill-paid{background:#def7ec;color:#03543f}.pill-void{background:#fde8e8;color:#9b1c1c}.pill-draft{background:#e4e7eb;color:#323f4b}
.pill-test{background:#fef3c7;color:#78350f}.pill-failed{background:#fde8e8;color:#9b1c1c}.pill-sent{background:#def7ec;color:#03543f}
.notice{padding:10px 14px;border-radius:6px;margin:0 0 16px;background:#e0f2fe;color:#0c4a6e}
.error{padding:10px 14px;border-radius:6px;margin:0 0 16px;background:#fde8e8;color:#7f1d1d}
.pager{display:flex;gap:12px;align-items:center;margin:12px 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:16px}
.stat{font-size:22px;font-weight:700}
.timeline{list-style:none;margin:0;padding:0;border-left:3px solid #e4e7eb}
.timeline li{margin:0 0 10px;padding-left:14px}
.secret{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f3f4f6;padding:8px;border-radius:6px;display:block}
.table-wrap{overflow-x:auto}
.signin{max-width:420px;margin:60px auto}
svg text{font:12px sans-serif;fill:#1f2933}
@media (max-width:640px){main{padding:12px}.card{padding:12px}
 header.top{display:grid;grid-template-columns:1fr auto;padding:8px 12px;gap:4px 10px}
 nav.main{order:3;grid-column:1/-1;flex-wrap:nowrap;overflow-x:auto;margin:0 -12px;padding:0 8px 2px}
 .who{justify-content:flex-end}.who .muted{display:none}
 .list.stack thead{display:none}.list.stack tr{display:block;border-bottom:1px solid #e4e7eb;padding:6px 0}
 .list.stack td{display:flex;justify-content:space-between;gap:12px;border:0;padding:3px 8px}
 .list.stack td::before{content:attr(data-label);font-weight:600;color:#52606d}}
`;

export const APP_CSS = [
  BASE_CSS,
  INVOICES_CSS,
  INVOICE_PAGE_CSS,
  OVERVIEW_CSS,
  DOCUMENTS_CSS,
  SETTINGS_CSS,
].join('\n');
