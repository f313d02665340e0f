/** CSS of the dashboard's settings screens (joined into /app/assets/app.css by web/style.ts). */
export const SETTINGS_CSS = ``;
