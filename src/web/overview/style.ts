/** CSS of the dashboard's overview screens (joined into /app/assets/app.css by web/style.ts). */
export const OVERVIEW_CSS = `
.overview-currency .grid{grid-template-columns:repeat(auto-fit,minmax(150px,1fr))}
.stat-card{margin-bottom:0}
.stat-card .stat{display:block;color:#1f2933;text-decoration:none}
.stat-card .stat:hover{text-decoration:underline}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px;margin-top:16px}
.charts h3{font-size:16px;margin:0 0 8px}
svg.chart{display:block;width:100%;height:auto;max-height:280px}
svg.chart .bar-ok{fill:#1d4ed8}svg.chart .bar-warn{fill:#b45309}svg.chart .bar-late{fill:#b91c1c}
svg.chart a:hover rect,svg.chart a:focus rect{fill:#111827}
svg.chart a:focus{outline:3px solid #f59e0b}
svg.chart text.v{font-size:13px;font-weight:700}
svg.chart text.l{font-size:13px}
.figures{margin-top:8px}.figures summary{cursor:pointer;color:#1d4ed8}
@media (max-width:640px){.charts{grid-template-columns:1fr}svg.chart text.v,svg.chart text.l{font-size:18px}}
`;
