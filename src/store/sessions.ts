/** The dashboard's sign-in rows: password hashes, one-time links, sessions (migration 021). */
import { sql } from 'kysely';
import type { Db } from './db.ts';

export async function setPasswordHash(db: Db, userId: string, hash: string): Promise<void> {
  await db
    .insertInto('user_passwords')
    .values({ user_id: userId, hash })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ hash, updated_at: sql`now()` }))
    .execute();
}

/** The users with this email (any company) and their password hashes, when they have one. */
export async function usersWithEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .innerJoin('user_passwords as p', 'p.user_id', 'users.id')
    .select(['users.id', 'p.hash'])
    .where(sql`lower(users.email)`, '=', email.toLowerCase())
    .orderBy('users.created_at')
    .limit(20)
    .execute();
}

export async function insertLoginLink(db: Db, link: { hash: string; userId: string; expiresAt: Date }) {
  await db
    .insertInto('login_links')
    .values({ token_hash: link.hash, user_id: link.userId, expires_at: link.expiresAt })
    .execute();
}

/** Marks an unused, unexpired link used, once: the user it signs in, or undefined. */
export async function useLoginLink(db: Db, hash: string): Promise<string | undefined> {
  const row = await db
    .updateTable('login_links')
    .set({ used_at: sql`now()` })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

export async function insertSession(
  db: Db,
  session: { idHash: string; userId: string; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('dashboard_sessions')
    .values({
      id_hash: session.idHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** How stale a session's last-seen time may get before a request moves it (a write per request otherwise). */
const TOUCH_EVERY_SECONDS = 60;

/**
 * The live session with this hash: a session idle for longer than `idleSeconds`, or past its absolute
 * end, is deleted instead and undefined. Its last-seen time is moved to now when it is a minute old, so
 * idle expiry is exact to a minute and most requests only read.
 */
export async function touchSession(db: Db, idHash: string, idleSeconds: number) {
  const row = await db
    .selectFrom('dashboard_sessions')
    .select(['user_id', 'csrf_token'])
    .select(sql<boolean>`last_seen_at < now() - make_interval(secs => ${TOUCH_EVERY_SECONDS})`.as('stale'))
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('last_seen_at', '>', sql<Date>`now() - make_interval(secs => ${idleSeconds})`)
    .executeTakeFirst();
  if (!row) {
    await deleteSession(db, idHash);
    return undefined;
  }
  if (row.stale) {
    await db
      .updateTable('dashboard_sessions')
      .set({ last_seen_at: sql`now()` })
      .where('id_hash', '=', idHash)
      .execute();
  }
  return { user_id: row.user_id, csrf_token: row.csrf_token };
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('dashboard_sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user (a password change). */
export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('dashboard_sessions').where('user_id', '=', userId).execute();
}

/** Expired sessions and used or expired links: clean-up, bounded per call. */
export async function deleteExpiredSignIns(db: Db, limit = 500): Promise<number> {
  const sessions = await db
    .deleteFrom('dashboard_sessions')
    .where(
      'id_hash',
      'in',
      db
        .selectFrom('dashboard_sessions')
        .select('id_hash')
        .where('expires_at', '<=', sql<Date>`now()`)
        .limit(limit),
    )
    .executeTakeFirst();
  const links = await db
    .deleteFrom('login_links')
    .where(
      'token_hash',
      'in',
      db
        .selectFrom('login_links')
        .select('token_hash')
        .where((eb) => eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', sql<Date>`now()`)]))
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(sessions.numDeletedRows) + Number(links.numDeletedRows);
}

/** A signed-in user: who it is, and the locations it may act for (all of its company's for an agency user). */
export async function dashboardUser(db: Db, userId: string) {
  const user = await db
    .selectFrom('users')
    .innerJoin('companies as c', 'c.id', 'users.company_id')
    .select([
      'users.id',
      'users.company_id',
      'users.first_name',
      'users.last_name',
      'users.email',
      'users.type',
      'c.name as company_name',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const locations =
    user.type === 'agency'
      ? await db
          .selectFrom('locations')
          .select(['id', 'name', 'test_mode as testMode'])
          .where('company_id', '=', user.company_id)
          .orderBy('name')
          .orderBy('id')
          .limit(1000)
          .execute()
      : await db
          .selectFrom('user_locations as ul')
          .innerJoin('locations as l', 'l.id', 'ul.location_id')
          .select(['l.id', 'l.name', 'l.test_mode as testMode'])
          .where('ul.user_id', '=', userId)
          .where('l.company_id', '=', user.company_id)
          .orderBy('l.name')
          .orderBy('l.id')
          .limit(1000)
          .execute();
  return { ...user, locations };
}
