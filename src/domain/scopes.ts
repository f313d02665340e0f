/** The HighLevel scopes this service knows (docs/oauth/Scopes.md); tokens may hold only these. */
export const ALL_SCOPES = [
  'invoices.readonly',
  'invoices.write',
  'invoices/schedule.readonly',
  'invoices/schedule.write',
  'invoices/template.readonly',
  'invoices/template.write',
  'invoices/estimate.readonly',
  'invoices/estimate.write',
  'locations.readonly',
  'locations.write',
  'users.readonly',
  'users.write',
  'oauth.readonly',
  'oauth.write',
] as const;

export type Scope = (typeof ALL_SCOPES)[number];

/** Scopes that only an agency token can use; a location token minted from an agency token drops them. */
export const AGENCY_ONLY_SCOPES: readonly Scope[] = ['locations.write', 'oauth.readonly', 'oauth.write'];

export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}
