/** CSS of the dashboard's settings screens (joined into /app/assets/app.css by web/style.ts). */
export const SETTINGS_CSS = `
.settings-form .row{margin-bottom:12px;align-items:flex-start}
.settings-form .row p{margin:4px 0 0}
.scope-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:6px 16px}
.hook-list{list-style:none;margin:0;padding:0}
.hook-url{font-weight:600;margin:0 0 4px}
.hook-list .actions form{margin:0}
.settings .card h2{margin-top:0}
.settings .list th,.settings .list td{overflow-wrap:normal}
.settings .list td.small{overflow-wrap:anywhere;min-width:180px}
.settings .list .pill,.settings .list button{white-space:nowrap}
.settings .list td form{margin:0}
input.secret{font-family:ui-monospace,Menlo,Consolas,monospace}
`;
