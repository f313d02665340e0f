/**
 * What a dashboard route knows about its request: the signed-in user and, under /app/l/:locationId,
 * the location it acts in, with the AuthContext and Actor the use cases take (the same ones the API
 * passes them, so the dashboard reaches the store only through the use cases).
 */
import type { FastifyRequest } from 'fastify';
import { AGENCY_ONLY_SCOPES, ALL_SCOPES } from '../domain/scopes.ts';
import type { Actor } from '../invoicing/context.ts';
import type { AuthContext } from '../tenancy/auth.ts';
import type { DashboardLocation, SignedInUser } from '../tenancy/sign-in.ts';

export interface LocationScope {
  user: SignedInUser;
  location: DashboardLocation;
  /** A location token's rights, for this location only: what the use cases check. */
  auth: AuthContext;
  /** Recorded in history as `dashboard:{userId}`, with the user's id where the record has one. */
  actor: Actor;
  csrfToken: string;
  /** Whether /dev/outbox is served (the banner links to it). */
  devOutbox: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user of an /app request (null when nobody is signed in). */
    signedIn: SignedInUser | null;
    /** Set for routes under /app/l/:locationId once access to the location is checked. */
    scope: LocationScope | null;
  }
}

const LOCATION_SCOPES = ALL_SCOPES.filter((s) => !(AGENCY_ONLY_SCOPES as readonly string[]).includes(s));

export function dashboardActorId(userId: string): string {
  return `dashboard:${userId}`;
}

export function locationScope(
  user: SignedInUser,
  location: DashboardLocation,
  devOutbox: boolean,
): LocationScope {
  const tokenId = dashboardActorId(user.userId);
  return {
    user,
    location,
    auth: {
      tokenId,
      kind: 'location',
      companyId: user.companyId,
      locationId: location.id,
      scopes: [...LOCATION_SCOPES],
    },
    actor: { tokenId, companyId: user.companyId },
    csrfToken: user.csrfToken,
    devOutbox,
  };
}

/** The request's location scope; only routes registered under /app/l/:locationId have one. */
export function scopeOf(request: FastifyRequest): LocationScope {
  if (!request.scope) throw new Error(`${request.url} is not a location route of the dashboard`);
  return request.scope;
}

/** A path inside the current location: `/app/l/{id}/...`. */
export function locationPath(scope: { location: { id: string } }, rest = ''): string {
  return `/app/l/${encodeURIComponent(scope.location.id)}${rest}`;
}
