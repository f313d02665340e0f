/** Calendar days as forms and queries write them: YYYY-MM-DD. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `value` is YYYY-MM-DD of a day that exists (not 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
