/** CSS of the dashboard's invoice-page screens (joined into /app/assets/app.css by web/style.ts). */
export const INVOICE_PAGE_CSS = ``;
