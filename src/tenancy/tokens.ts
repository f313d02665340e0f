/** API tokens: created (their secret shown once), revoked, listed, and minted from an agency token. */
import { objectId } from '../domain/ids.ts';
import { AGENCY_ONLY_SCOPES, ALL_SCOPES } from '../domain/scopes.ts';
import { hashToken, newTokenSecret, type TokenKind } from '../domain/tokens.ts';
import { Errors } from '../errors.ts';
import { companyExists, getLocation, representativeUser } from '../store/tenants.ts';
import {
  insertToken,
  listLocationTokens as listStoredLocationTokens,
  listTokens as listStoredTokens,
  revokeLocationToken as revokeStoredLocationToken,
  revokeToken as revokeStoredToken,
} from '../store/tokens.ts';
import type { AuthContext } from './auth.ts';
import type { TenancyContext } from './context.ts';

export interface NewToken {
  kind: TokenKind;
  companyId: string;
  locationId?: string | null;
  scopes?: readonly string[];
  /** Seconds from now; none means the token does not expire. */
  expiresIn?: number | null;
  label?: string | null;
}

export interface CreatedToken {
  id: string;
  /** The secret: shown once, only its hash is stored. */
  token: string;
  kind: TokenKind;
  scopes: string[];
  expiresAt: Date | null;
}

/** Scopes a token gets when none are named: all, minus the agency-only ones for a location token. */
function defaultScopes(kind: TokenKind): string[] {
  return kind === 'agency' ? [...ALL_SCOPES] : ALL_SCOPES.filter((s) => !AGENCY_ONLY_SCOPES.includes(s));
}

export async function createToken(ctx: TenancyContext, input: NewToken): Promise<CreatedToken> {
  const id = objectId();
  const token = newTokenSecret(input.kind);
  const scopes = [...(input.scopes ?? defaultScopes(input.kind))];
  const expiresAt = input.expiresIn ? new Date(Date.now() + input.expiresIn * 1000) : null;
  await insertToken(ctx.store.db, {
    id,
    hash: hashToken(token),
    kind: input.kind,
    companyId: input.companyId,
    locationId: input.kind === 'location' ? (input.locationId ?? null) : null,
    scopes,
    label: input.label ?? null,
    expiresAt,
  });
  return { id, token, kind: input.kind, scopes, expiresAt };
}

/** False when no live token has this id. Every process stops accepting it at once. */
export async function revokeToken(ctx: TenancyContext, id: string): Promise<boolean> {
  return revokeStoredToken(ctx.store.db, id);
}

export async function listTokens(ctx: TenancyContext) {
  return listStoredTokens(ctx.store.db);
}

/** The location's own tokens, newest first (the dashboard's settings; at most `limit`). */
export async function listLocationTokens(ctx: TenancyContext, locationId: string, limit = 200) {
  return listStoredLocationTokens(ctx.store.db, locationId, limit);
}

/** Revokes a live token of this location; a token of another location (or none) is a 404. */
export async function revokeLocationToken(
  ctx: TenancyContext,
  locationId: string,
  id: string,
): Promise<void> {
  if (!(await revokeStoredLocationToken(ctx.store.db, locationId, id)))
    throw Errors.notFound('No such active token in this location');
}

/** HighLevel's location tokens live for a day less one second (oauth.json example). */
export const LOCATION_TOKEN_TTL_SECONDS = 86399;

/**
 * POST /oauth/locationToken: a location token from an agency token. It never holds more than the agency
 * token it was minted from. oauth.json documents only 400/401/422 for this operation, so a foreign
 * company or location is a 400.
 */
export async function mintLocationToken(
  ctx: TenancyContext,
  agency: AuthContext,
  request: { companyId: string; locationId: string },
) {
  const { companyId, locationId } = request;
  if (companyId !== agency.companyId) throw Errors.badRequest('companyId does not match the token');
  const location = await getLocation(ctx.store.db, locationId);
  if (!location || location.company_id !== agency.companyId) {
    throw Errors.badRequest('Location not found in this company');
  }
  const scopes = agency.scopes.filter((s) => !(AGENCY_ONLY_SCOPES as readonly string[]).includes(s));
  const token = await createToken(ctx, {
    kind: 'location',
    companyId,
    locationId,
    scopes,
    expiresIn: LOCATION_TOKEN_TTL_SECONDS,
    label: 'oauth/locationToken',
  });
  const userId = await representativeUser(ctx.store.db, companyId, locationId);
  return { token, userId: userId ?? '' };
}

/**
 * `hl-invoices token create`: a token for a location (owned by its company) or for a company (agency).
 * An unknown location or company is a 404 naming it.
 */
export async function issueToken(
  ctx: TenancyContext,
  input: Omit<NewToken, 'kind' | 'companyId'> & { locationId?: string; companyId?: string },
): Promise<CreatedToken> {
  if (input.locationId !== undefined) {
    const location = await getLocation(ctx.store.db, input.locationId);
    if (!location) throw Errors.notFound(`no location with id ${input.locationId}`);
    return createToken(ctx, { ...input, kind: 'location', companyId: location.company_id });
  }
  const companyId = input.companyId ?? '';
  if (!(await companyExists(ctx.store.db, companyId)))
    throw Errors.notFound(`no company with id ${companyId}`);
  return createToken(ctx, { ...input, kind: 'agency', companyId, locationId: null });
}
