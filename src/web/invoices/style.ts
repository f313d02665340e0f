/** CSS of the dashboard's invoices screens (joined into /app/assets/app.css by web/style.ts). */
export const INVOICES_CSS = `
.inv-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px 16px}
.inv-head h1{margin:0}
.inv-template{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:0}
.inv-template label{margin:0}
.inv-template select{width:auto;max-width:220px}
.inv-filters .inv-search{flex:2 1 240px}
.inv-dates{margin-top:10px}
.inv-dates summary{cursor:pointer;font-weight:600}
.list th.num,.list td.num{text-align:right}
.inv-test{margin-left:6px}
.pill-due{background:#e0e7ff;color:#3730a3}
.inv-editor .row{align-items:flex-start}
.inv-default{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.inv-columns{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:20px;align-items:start}
.inv-side{position:sticky;top:12px}
.inv-items,.inv-schedule{list-style:none;margin:0 0 10px;padding:0}
.inv-item{display:grid;grid-template-columns:2fr 2fr 1fr 1fr 1fr 1fr auto;gap:8px;align-items:end;padding:8px 0;border-bottom:1px solid #e4e7eb}
.inv-item p{margin:0}
.inv-item-remove{padding-bottom:8px}
.inv-schedule li{margin-bottom:6px}
.inv-mode{display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;margin-top:10px}
.inv-mode .label{font-weight:600;font-size:13px}
.inv-sums{width:100%;border-collapse:collapse}
.inv-sums th{text-align:left;font-weight:400;padding:4px 0}
.inv-sums td{padding:4px 0}
.inv-total th,.inv-total td{font-weight:700;font-size:17px;border-top:1px solid #cbd2d9;padding-top:8px}
.inv-problems{margin:0;padding-left:18px;color:#7f1d1d}
.inv-editor textarea{resize:vertical}
@media (max-width:900px){.inv-columns{grid-template-columns:1fr}.inv-side{position:static}
 .inv-item{grid-template-columns:1fr 1fr}}
`;
