/** API tokens: only their SHA-256 hashes are stored. */
import { sql } from 'kysely';
import type { TokenKind } from '../domain/tokens.ts';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';

/** Revocations are announced on this channel so that every process drops the token from its cache. */
export const TOKEN_REVOKED_CHANNEL = 'hl_invoices_token_revoked';

export const liveToken = statement((db, p: { hash: string }) =>
  db
    .selectFrom('api_tokens')
    .select(['id', 'kind', 'company_id', 'location_id', 'scopes', 'expires_at'])
    .where('token_hash', '=', p.hash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)])),
);

export type LiveToken = Awaited<ReturnType<typeof liveToken.run>>[number];

/** The unrevoked, unexpired token with this hash. */
export async function findLiveToken(db: Db, hash: string): Promise<LiveToken | undefined> {
  const [row] = await liveToken.run(db, { hash });
  return row;
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

/** Revokes a live token and announces it (listeners hear of it when `trx` commits). */
export async function revokeToken(trx: Tx, id: string): Promise<boolean> {
  const result = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const revoked = Number(result.numUpdatedRows) > 0;
  if (revoked) await sql`select pg_notify(${TOKEN_REVOKED_CHANNEL}, ${id})`.execute(trx);
  return revoked;
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
