/** API tokens: only their SHA-256 hashes are stored. */
import { sql } from 'kysely';
import type { TokenKind } from '../domain/tokens.ts';
import { statement } from './compiled.ts';
import type { Db } from './db.ts';

export const liveToken = statement((db, p: { hash: string }) =>
  db
    .selectFrom('api_tokens')
    .select(['id', 'kind', 'company_id', 'location_id', 'expires_at'])
    // Scope names have no spaces; splitting a string is cheaper than pg's array parser on every request.
    .select(sql<string>`array_to_string(scopes, ' ')`.as('scope_list'))
    .where('token_hash', '=', p.hash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)])),
);

/** The unrevoked, unexpired token with this hash. */
export async function findLiveToken(db: Db, hash: string) {
  const [row] = await liveToken.run(db, { hash });
  if (!row) return undefined;
  const { scope_list, ...token } = row;
  return { ...token, scopes: scope_list === '' ? [] : scope_list.split(' ') };
}

export interface NewTokenRow {
  id: string;
  hash: string;
  kind: TokenKind;
  companyId: string;
  locationId: string | null;
  scopes: string[];
  label: string | null;
  expiresAt: Date | null;
}

export async function insertToken(db: Db, token: NewTokenRow): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      token_hash: token.hash,
      kind: token.kind,
      company_id: token.companyId,
      location_id: token.locationId,
      scopes: token.scopes,
      label: token.label,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** Revokes a live token: the next request with it is refused, in every process (there is no cache). */
export async function revokeToken(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
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

/** A location's own tokens (kind 'location'), newest first, without their hashes. */
export async function listLocationTokens(db: Db, locationId: string, limit: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'scopes', 'label', 'expires_at', 'revoked_at', 'created_at'])
    .where('kind', '=', 'location')
    .where('location_id', '=', locationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Revokes a live token of this location; false when the location has no such live token. */
export async function revokeLocationToken(db: Db, locationId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('kind', '=', 'location')
    .where('location_id', '=', locationId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
