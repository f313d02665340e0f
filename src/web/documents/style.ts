/** CSS of the dashboard's documents screens (joined into /app/assets/app.css by web/style.ts). */
export const DOCUMENTS_CSS = `
.doc-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px;margin-bottom:12px}
.doc-head h1{margin:0}
.doc-facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 8px}
.doc-facts dt{font-weight:600;color:#52606d}
.doc-facts dd{margin:0}
.doc-items .doc-item{border-bottom:1px solid #e4e7eb;padding:6px 0 10px;margin:0}
.doc-items .doc-item-name{flex:2 1 200px}.doc-items .doc-item-desc{flex:3 1 220px}.doc-items .doc-item-num{flex:1 1 90px}
.doc-editor .actions{margin-top:16px}
.doc-copy{display:flex;gap:8px;align-items:center;margin-bottom:8px}
.doc-copy input{flex:1;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
.doc-columns{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px;align-items:start}
.doc-columns{margin-bottom:16px}.doc-columns > .card{margin-bottom:0}
.card > h2:first-child,.card > section > h2:first-child{margin-top:0}
.doc-editor .row{align-items:flex-start}
.doc-pills{display:inline-flex;gap:4px;flex-wrap:wrap}
.doc-list th{white-space:nowrap;overflow-wrap:normal}
.doc-lines,.doc-invoices{padding-left:18px}
.doc-invoices li{margin-bottom:4px}
.actions form{margin:0}
#problems ul{margin:0;padding-left:18px}#problems p{margin:0 0 4px}
@media (max-width:760px){.doc-columns{grid-template-columns:1fr}}
@media (max-width:640px){.doc-list.stack td::before{flex:none}.doc-list.stack td{text-align:right}}
`;
