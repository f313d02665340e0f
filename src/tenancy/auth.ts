/** Who a request acts as (its API token) and which locations that token may act for. */
import { hashToken } from '../domain/tokens.ts';
import { Errors } from '../errors.ts';
import { isLocationOfCompany } from '../store/tenants.ts';
import { findLiveToken } from '../store/tokens.ts';
import type { TenancyContext } from './context.ts';

export interface AuthContext {
  tokenId: string;
  kind: 'agency' | 'location';
  companyId: string;
  /** Set for location (sub-account) tokens only. */
  locationId: string | null;
  scopes: string[];
}

/** The live token with this secret (docs/send-invoice.md §1 row 3), or a 401. */
export async function authenticate(ctx: TenancyContext, secret: string): Promise<AuthContext> {
  const row = await findLiveToken(ctx.store.db, hashToken(secret));
  if (!row) throw Errors.tokenInvalid();
  return {
    tokenId: row.id,
    kind: row.kind,
    companyId: row.company_id,
    locationId: row.location_id,
    scopes: row.scopes,
  };
}

/**
 * §1 row 6: a location token acts for its own location only, an agency token for the locations of its
 * company. Anything else, including a location that does not exist, is a 403.
 */
export async function assertLocationAccess(
  ctx: TenancyContext,
  auth: AuthContext,
  locationId: string,
): Promise<void> {
  if (auth.kind === 'location') {
    if (auth.locationId !== locationId) throw Errors.locationForbidden();
    return;
  }
  if (!(await isLocationOfCompany(ctx.store.db, locationId, auth.companyId)))
    throw Errors.locationForbidden();
}
