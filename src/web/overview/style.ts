/** CSS of the dashboard's overview screens (joined into /app/assets/app.css by web/style.ts). */
export const OVERVIEW_CSS = ``;
