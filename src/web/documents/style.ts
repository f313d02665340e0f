/** CSS of the dashboard's documents screens (joined into /app/assets/app.css by web/style.ts). */
export const DOCUMENTS_CSS = ``;
