import { type Kysely, sql } from 'kysely';
import { objectId, secretToken, shortId } from '../domain/ids.ts';
import { AGENCY_ONLY_SCOPES, ALL_SCOPES } from '../domain/scopes.ts';
import { hashToken } from '../http/auth.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export async function createCompany(db: Db, input: { name: string; email?: string | null }) {
  const id = shortId();
  await db
    .insertInto('companies')
    .values({ id, name: input.name, email: input.email ?? null })
    .execute();
  return { id, name: input.name };
}

export interface NewLocation {
  companyId: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: Record<string, string>;
  website?: string | null;
  timezone?: string | null;
}

export async function createLocation(db: Db, input: NewLocation) {
  const id = shortId();
  await db
    .insertInto('locations')
    .values({
      id,
      company_id: input.companyId,
      name: input.name,
      email: input.email ?? null,
      phone: input.phone ?? null,
      address: JSON.stringify(input.address ?? {}),
      website: input.website ?? null,
      timezone: input.timezone ?? null,
    })
    .execute();
  return id;
}

export interface NewUser {
  companyId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  type?: string;
  role?: string;
  locationIds: string[];
}

export async function createUser(db: Db, input: NewUser) {
  const id = shortId();
  const insert = async (trx: Db) => {
    await trx
      .insertInto('users')
      .values({
        id,
        company_id: input.companyId,
        first_name: input.firstName,
        last_name: input.lastName,
        email: input.email,
        phone: input.phone ?? null,
        type: input.type ?? 'account',
        role: input.role ?? 'admin',
      })
      .execute();
    if (input.locationIds.length > 0) {
      await trx
        .insertInto('user_locations')
        .values(input.locationIds.map((location_id) => ({ user_id: id, location_id })))
        .execute();
    }
  };
  // initStore calls this inside its own transaction; Kysely cannot nest them.
  if (db.isTransaction) await insert(db);
  else await db.transaction().execute(insert);
  return id;
}

export interface NewToken {
  kind: 'agency' | 'location';
  companyId: string;
  locationId?: string | null;
  scopes?: readonly string[];
  /** Seconds from now; none means the token does not expire. */
  expiresIn?: number | null;
  label?: string | null;
}

/** Returns the token's secret once; only its SHA-256 hash is stored. */
export async function createToken(db: Db, input: NewToken) {
  const id = objectId();
  const token = `${input.kind === 'agency' ? 'hla' : 'hll'}_${secretToken()}`;
  const defaults =
    input.kind === 'agency' ? ALL_SCOPES : ALL_SCOPES.filter((s) => !AGENCY_ONLY_SCOPES.includes(s));
  const scopes = [...(input.scopes ?? defaults)];
  const expiresAt = input.expiresIn ? new Date(Date.now() + input.expiresIn * 1000) : null;
  await db
    .insertInto('api_tokens')
    .values({
      id,
      token_hash: hashToken(token),
      kind: input.kind,
      company_id: input.companyId,
      location_id: input.kind === 'location' ? (input.locationId ?? null) : null,
      scopes,
      label: input.label ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { id, token, kind: input.kind, scopes, expiresAt };
}

export async function revokeToken(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function isStoreEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('companies').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/** `hl-invoices init`: one company, its agency token, one location, one user on it, one location token. */
export async function initStore(db: Db) {
  return db.transaction().execute(async (trx) => {
    // Two `init`s racing on one empty store must not both seed it.
    await sql`lock table companies in exclusive mode`.execute(trx);
    if (!(await isStoreEmpty(trx))) return undefined;
    const company = await createCompany(trx, { name: 'My Agency' });
    const agencyToken = await createToken(trx, { kind: 'agency', companyId: company.id, label: 'init' });
    const locationId = await createLocation(trx, { companyId: company.id, name: 'My Business' });
    const userId = await createUser(trx, {
      companyId: company.id,
      firstName: 'Admin',
      lastName: 'User',
      email: 'admin@example.com',
      locationIds: [locationId],
    });
    const locationToken = await createToken(trx, {
      kind: 'location',
      companyId: company.id,
      locationId,
      label: 'init',
    });
    return { companyId: company.id, locationId, userId, agencyToken, locationToken };
  });
}

export async function getLocation(db: Db, id: string) {
  return db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function companyExists(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('companies').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** Tokens without their hashes: what `hl-invoices token list` shows. */
export async function listTokens(db: Db) {
  return db
    .selectFrom('api_tokens')
    .select([
      'id',
      'kind',
      'company_id',
      'location_id',
      'scopes',
      'label',
      'expires_at',
      'revoked_at',
      'created_at',
    ])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The users with access to a location, each with every location it can reach. */
export async function listLocationUsers(db: Db, locationId: string) {
  const users = await db
    .selectFrom('users')
    .innerJoin('user_locations as ul', 'ul.user_id', 'users.id')
    .selectAll('users')
    .where('ul.location_id', '=', locationId)
    .orderBy('users.created_at')
    .orderBy('users.id')
    .execute();
  if (users.length === 0) return [];
  const links = await db
    .selectFrom('user_locations')
    .select(['user_id', 'location_id'])
    .where(
      'user_id',
      'in',
      users.map((u) => u.id),
    )
    .orderBy('location_id')
    .execute();
  return users.map((u) => ({
    ...u,
    locationIds: links.filter((l) => l.user_id === u.id).map((l) => l.location_id),
  }));
}
