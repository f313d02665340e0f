/**
 * The dashboard's sign-in (issue #13 item 2): passwords, one-time sign-in links, and sessions kept in
 * PostgreSQL. Only hashes of link tokens and session ids are stored; the secrets are shown once.
 */
import { timingSafeEqual } from 'node:crypto';
import { secretToken } from '../domain/ids.ts';
import { hashToken } from '../domain/tokens.ts';
import { Errors } from '../errors.ts';
import {
  dashboardUser,
  deleteSession,
  deleteUserSessions,
  insertLoginLink,
  insertSession,
  setPasswordHash,
  touchSession,
  useLoginLink,
  usersWithEmail,
} from '../store/sessions.ts';
import type { TenancyContext } from './context.ts';
import { hashPassword, passwordProblem, verifyNothing, verifyPassword } from './passwords.ts';

export interface SessionPolicy {
  /** A session unused for this long ends. */
  idleSeconds: number;
  /** A session ends this long after sign-in, however active. */
  maxAgeSeconds: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleSeconds: 30 * 60, maxAgeSeconds: 12 * 60 * 60 };

/** A new session's secrets: the cookie value and the token every form of the session carries. */
export interface NewSession {
  secret: string;
  csrfToken: string;
}

async function userExists(ctx: TenancyContext, userId: string): Promise<boolean> {
  return (await dashboardUser(ctx.store.db, userId)) !== undefined;
}

/** Sets (or replaces) a user's password and ends the user's sessions. */
export async function setUserPassword(ctx: TenancyContext, userId: string, password: string): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw Errors.badRequest(problem);
  if (!(await userExists(ctx, userId))) throw Errors.notFound(`there is no user ${userId}`);
  const hash = await hashPassword(password);
  await ctx.store.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, userId, hash);
    await deleteUserSessions(trx, userId);
  });
}

/** A one-time sign-in link's token for a user, valid for `ttlSeconds`. */
export async function createLoginLink(
  ctx: TenancyContext,
  userId: string,
  ttlSeconds: number,
): Promise<string> {
  if (!(await userExists(ctx, userId))) throw Errors.notFound(`there is no user ${userId}`);
  const token = `hlk_${secretToken()}`;
  await insertLoginLink(ctx.store.db, {
    hash: hashToken(token),
    userId,
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
  });
  return token;
}

async function openSession(ctx: TenancyContext, userId: string, policy: SessionPolicy): Promise<NewSession> {
  // A new id at every sign-in: a session id planted before sign-in is never the signed-in one.
  const secret = `hls_${secretToken()}`;
  const csrfToken = secretToken();
  await insertSession(ctx.store.db, {
    idHash: hashToken(secret),
    userId,
    csrfToken,
    expiresAt: new Date(Date.now() + policy.maxAgeSeconds * 1000),
  });
  return { secret, csrfToken };
}

/** Email and password; undefined when they do not match (the caller says so without saying which). */
export async function signInWithPassword(
  ctx: TenancyContext,
  credentials: { email: string; password: string },
  policy: SessionPolicy,
): Promise<NewSession | undefined> {
  const candidates = await usersWithEmail(ctx.store.db, credentials.email.trim());
  if (candidates.length === 0) return verifyNothing(credentials.password).then(() => undefined);
  for (const candidate of candidates) {
    if (await verifyPassword(credentials.password, candidate.hash)) {
      return openSession(ctx, candidate.id, policy);
    }
  }
  return undefined;
}

/** A one-time link: signs its user in once; undefined when it is unknown, used or expired. */
export async function signInWithLink(
  ctx: TenancyContext,
  token: string,
  policy: SessionPolicy,
): Promise<NewSession | undefined> {
  if (!/^hlk_[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const userId = await useLoginLink(ctx.store.db, hashToken(token));
  return userId === undefined ? undefined : openSession(ctx, userId, policy);
}

export interface DashboardLocation {
  id: string;
  name: string;
  /** New invoices and sends default to test mode; the dashboard shows a banner. */
  testMode: boolean;
}

export interface SignedInUser {
  userId: string;
  companyId: string;
  companyName: string;
  name: string;
  email: string;
  kind: 'agency' | 'account';
  locations: DashboardLocation[];
  csrfToken: string;
}

/** The user a session cookie signs in, or undefined (unknown, signed out, idle too long, too old). */
export async function findSession(
  ctx: TenancyContext,
  secret: string,
  policy: SessionPolicy,
): Promise<SignedInUser | undefined> {
  if (!/^hls_[A-Za-z0-9_-]{20,100}$/.test(secret)) return undefined;
  const session = await touchSession(ctx.store.db, hashToken(secret), policy.idleSeconds);
  if (!session) return undefined;
  const user = await dashboardUser(ctx.store.db, session.user_id);
  if (!user) return undefined;
  return {
    userId: user.id,
    companyId: user.company_id,
    companyName: user.company_name,
    name: `${user.first_name} ${user.last_name}`.trim(),
    email: user.email,
    kind: user.type === 'agency' ? 'agency' : 'account',
    locations: user.locations,
    csrfToken: session.csrf_token,
  };
}

export async function signOut(ctx: TenancyContext, secret: string): Promise<void> {
  if (/^hls_[A-Za-z0-9_-]{20,100}$/.test(secret)) await deleteSession(ctx.store.db, hashToken(secret));
}

/** Whether a form's token is the session's (constant time). */
export function csrfMatches(user: SignedInUser, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const a = Buffer.from(token);
  const b = Buffer.from(user.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
