/** CSS of the dashboard's invoices screens (joined into /app/assets/app.css by web/style.ts). */
export const INVOICES_CSS = ``;
