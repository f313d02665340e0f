/**
 * Sessions of the dashboard: the cookie, who it signs in, CSRF checks on every request that changes
 * something, and access to the location in the path. Sessions live in PostgreSQL (tenancy/sign-in.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfMatches, findSession, type NewSession, type SessionPolicy } from '../tenancy/sign-in.ts';
import { locationScope } from './context.ts';
import { DashboardError } from './errors.ts';

export const SESSION_COOKIE = 'hl_session';

export function sessionPolicy(app: FastifyInstance): SessionPolicy {
  const { idleSeconds, maxAgeSeconds } = app.config.dashboard;
  return { idleSeconds, maxAgeSeconds };
}

function secureCookies(app: FastifyInstance): boolean {
  return app.config.publicUrl.startsWith('https:');
}

export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.secret, {
    path: '/app',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(app),
    maxAge: app.config.dashboard.maxAgeSeconds,
  });
}

export function clearSessionCookie(app: FastifyInstance, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/app',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(app),
  });
}

export function sessionSecret(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

function formToken(request: FastifyRequest): unknown {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  return body && typeof body === 'object' ? body._csrf : undefined;
}

/** Where a signed-out visitor of `url` is sent: the sign-in page, coming back to `url` (a GET) afterwards. */
function signInRedirect(request: FastifyRequest): string {
  if (!SAFE_METHODS.has(request.method)) return '/app/login';
  return `/app/login?next=${encodeURIComponent(request.url)}`;
}

/** onRequest for all of /app: who is signed in (or nobody). */
export function loadSession(app: FastifyInstance) {
  const policy = sessionPolicy(app);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const secret = sessionSecret(request);
    request.signedIn = secret ? ((await findSession(app.services, secret, policy)) ?? null) : null;
    if (secret && !request.signedIn) clearSessionCookie(app, reply);
  };
}

/** preHandler of signed-in routes: a session, and on anything but GET/HEAD the session's CSRF token. */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const user = request.signedIn;
  if (!user) {
    if (request.headers['hx-request'] === 'true') {
      reply.header('hx-redirect', '/app/login');
      throw new DashboardError(401, 'Your session has ended. Sign in again.');
    }
    return reply.redirect(signInRedirect(request), 303);
  }
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(user, formToken(request))) {
    throw new DashboardError(
      403,
      'This form has expired or did not come from this dashboard. Reload the page and try again.',
    );
  }
}

/** preHandler of /app/l/:locationId routes: the user must belong to the location (else it does not exist). */
export function requireLocation(devOutbox: boolean) {
  return async (request: FastifyRequest): Promise<void> => {
    const user = request.signedIn;
    if (!user) return;
    const { locationId } = request.params as { locationId?: string };
    const location = user.locations.find((l) => l.id === locationId);
    if (!location) throw new DashboardError(404, 'There is no such page, or you have no access to it.');
    request.scope = locationScope(user, location, devOutbox);
  };
}
