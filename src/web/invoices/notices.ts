/** Fixed notices after a redirect (?notice=code): never text from the request. */
const NOTICES: Record<string, string> = {
  created: 'Invoice created.',
  saved: 'Invoice saved.',
  duplicated: 'This is a new draft copy of the invoice. Change what you need and save it.',
  'not-draft': 'Only a draft can be edited; this invoice has been sent.',
};

export function noticeText(code: unknown): string | undefined {
  return typeof code === 'string' ? NOTICES[code] : undefined;
}
