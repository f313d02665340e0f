import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Scope } from '../domain/scopes.ts';
import { Errors } from '../errors.ts';
import type { Store } from '../store/db.ts';

export const API_VERSIONS = ['2021-07-28', '2021-04-15', '2023-02-21'] as const;

export interface AuthContext {
  tokenId: string;
  kind: 'agency' | 'location';
  companyId: string;
  /** Set for location (sub-account) tokens only. */
  locationId: string | null;
  scopes: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** The scope a route needs; routes without it are public. */
    scope?: Scope;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Spec section 1 rows 1-4, in that order: Version header, bearer token, scope. */
export function authenticate(store: Store) {
  return async function authenticateRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const scope = request.routeOptions.config.scope;
    if (scope === undefined) return;
    const version = request.headers.version;
    if (version === undefined || version === '') throw Errors.versionMissing();
    if (typeof version !== 'string' || !(API_VERSIONS as readonly string[]).includes(version)) {
      throw Errors.versionInvalid();
    }
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S{1,512})\s*$/i.exec(header) : null;
    if (!match) throw Errors.tokenInvalid();
    const row = await store.db
      .selectFrom('api_tokens')
      .select(['id', 'kind', 'company_id', 'location_id', 'scopes'])
      .where('token_hash', '=', hashToken(match[1]!))
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
      .executeTakeFirst();
    if (!row) throw Errors.tokenInvalid();
    request.auth = {
      tokenId: row.id,
      kind: row.kind,
      companyId: row.company_id,
      locationId: row.location_id,
      scopes: row.scopes,
    };
    if (!row.scopes.includes(scope)) throw Errors.scopeMissing();
  };
}

export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw Errors.tokenInvalid();
  return request.auth;
}

/**
 * Spec section 1 row 6: a location token acts for its own location only, an agency token for the
 * locations of its company. Anything else, including a location that does not exist, is a 403.
 */
export async function assertLocationAccess(
  store: Store,
  auth: AuthContext,
  locationId: string,
): Promise<void> {
  if (auth.kind === 'location') {
    if (auth.locationId !== locationId) throw Errors.locationForbidden();
    return;
  }
  const row = await store.db
    .selectFrom('locations')
    .select('id')
    .where('id', '=', locationId)
    .where('company_id', '=', auth.companyId)
    .executeTakeFirst();
  if (!row) throw Errors.locationForbidden();
}

/** Rows 3-6 for a route acting on `locationId`: the request's token, allowed to act for that location. */
export async function authorizeLocation(
  store: Store,
  request: FastifyRequest,
  locationId: string,
): Promise<AuthContext> {
  const auth = requireAuth(request);
  await assertLocationAccess(store, auth, locationId);
  return auth;
}
