/** docs/send-invoice.md §1 rows 1-4 (Version header, bearer token, scope) and row 6 (location access). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Scope } from '../domain/scopes.ts';
import { Errors } from '../errors.ts';
import { type AuthContext, assertLocationAccess, authenticate } from '../tenancy/auth.ts';
import type { TenancyContext } from '../tenancy/context.ts';

export const API_VERSIONS = ['2021-07-28', '2021-04-15', '2023-02-21'] as const;

/** HighLevel's v3 Invoices API (reference apps/v3/invoices-v3.json): the same operations, `Version: v3`. */
const INVOICES_V3 = 'v3';

function acceptsVersion(request: FastifyRequest, version: string): boolean {
  if ((API_VERSIONS as readonly string[]).includes(version)) return true;
  return version === INVOICES_V3 && (request.routeOptions.url ?? '').startsWith('/invoices');
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

/** The onRequest hook: rows 1-4, in that order, for every route that names a scope. */
export function authenticateRequests(ctx: TenancyContext) {
  return async function authenticateRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const scope = request.routeOptions.config.scope;
    if (scope === undefined) return;
    const version = request.headers.version;
    if (version === undefined || version === '') throw Errors.versionMissing();
    if (typeof version !== 'string' || !acceptsVersion(request, version)) {
      throw Errors.versionInvalid();
    }
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S{1,512})\s*$/i.exec(header) : null;
    if (!match) throw Errors.tokenInvalid();
    request.auth = await authenticate(ctx, match[1]!);
    if (!request.auth.scopes.includes(scope)) throw Errors.scopeMissing();
  };
}

export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw Errors.tokenInvalid();
  return request.auth;
}

/** Rows 3-6 for a route acting on `locationId`: the request's token, allowed to act for that location. */
export async function authorizeLocation(
  ctx: TenancyContext,
  request: FastifyRequest,
  locationId: string,
): Promise<AuthContext> {
  const auth = requireAuth(request);
  await assertLocationAccess(ctx, auth, locationId);
  return auth;
}
