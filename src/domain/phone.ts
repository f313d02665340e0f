const E164 = /^\+[1-9]\d{6,14}$/;

/** A phone number in E.164 form: "+" then 7 to 15 digits, the first not 0. */
export function isE164(phone: string): boolean {
  return E164.test(phone);
}

/**
 * "+1 (415) 555-0123" -> "+14155550123": drops spaces, dashes, parentheses and dots, keeps a leading "+".
 * Null when the result is not E.164 (a national number without its country code is not guessed at).
 */
export function normalisePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s\-().]/g, '');
  return isE164(compact) ? compact : null;
}
