import { createHash } from 'node:crypto';
import { secretToken } from './ids.ts';

export type TokenKind = 'agency' | 'location';

/** Only this hash of a token is stored; the secret itself is shown once, when it is created. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new API token secret: `hla_` (agency) or `hll_` (location), then 43 random URL-safe characters. */
export function newTokenSecret(kind: TokenKind): string {
  return `${kind === 'agency' ? 'hla' : 'hll'}_${secretToken()}`;
}
