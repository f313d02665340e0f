/** CSS of the dashboard's invoice-page screens (joined into /app/assets/app.css by web/style.ts). */
export const INVOICE_PAGE_CSS = `
.inv-head h1{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin-bottom:4px}
.inv-subtitle{margin:0 0 8px}
.inv-strong{font-weight:700}
.inv-grid .card > h2:first-child,.inv-send h2:first-child{margin-top:0}
.inv-items th.num,.inv-items td.num{text-align:right}
.inv-dates{align-content:start}
.inv-actions form{margin:0}
.inv-link label{margin-bottom:6px}
.inv-copy{display:flex;flex-wrap:wrap;gap:8px}
.inv-copy input{flex:1 1 260px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.inv-grid{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:16px;align-items:start}
.inv-sheet-title{margin-top:0}
.inv-parties{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:12px;margin-bottom:12px}
.inv-parties p{margin:0}
.inv-label{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#52606d;margin:12px 0 4px;font-weight:700}
.inv-lines{list-style:none;margin:0;padding:0}
.inv-dates{display:grid;grid-template-columns:auto 1fr;gap:2px 10px;margin:0}
.inv-dates dt{color:#52606d}.inv-dates dd{margin:0}
.inv-desc{display:block}
.inv-totals{margin:12px 0 0 auto;border-collapse:collapse;min-width:260px}
.inv-totals th{text-align:left;font-weight:400;padding:4px 12px 4px 0}
.inv-totals td{padding:4px 0}
.inv-totals tr.inv-strong th,.inv-totals tr.inv-strong td{font-weight:700;border-top:1px solid #e4e7eb}
.inv-deliveries,.inv-payments{list-style:none;margin:0;padding:0}
.inv-delivery,.inv-payment{border-top:1px solid #e4e7eb;padding:10px 0}
.inv-delivery:first-child,.inv-payment:first-child{border-top:0;padding-top:0}
.inv-delivery form{margin:6px 0 0}
.inv-reason{color:#7f1d1d}
.inv-payment-head{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
.inv-note{margin:4px 0}
.inv-refunds{margin:4px 0;padding-left:18px}
.inv-inline{display:flex;flex-wrap:wrap;gap:6px 8px;align-items:center;margin-top:8px}
.inv-inline label{flex-basis:100%;margin:0}
.inv-inline input{flex:0 1 260px;width:auto;min-width:0}
.inv-inline .small{flex-basis:100%}
.inv-record{border-top:1px solid #e4e7eb;margin-top:12px;padding-top:4px}
.inv-record h3{font-size:16px;margin:10px 0}
.inv-record .row{margin-bottom:10px;align-items:flex-start}
.inv-send fieldset .check{margin:4px 0}
.inv-send fieldset label.check{margin:0}
.inv-when{display:block}
.inv-event-voided span:first-child,.inv-event-delivery_failed span:first-child{color:#9b1c1c}
.inv-event-payment_recorded span:first-child,.inv-event-payment_succeeded span:first-child{color:#03543f}
@media (max-width:900px){.inv-grid{grid-template-columns:minmax(0,1fr)}}
@media (max-width:640px){.inv-totals{min-width:0;width:100%}}
`;
