import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 20-character id in the style of HighLevel's location, user and company ids. */
export function shortId(length = 20): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i]!;
    // Rejection sampling keeps every character equally likely.
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out.length === length ? out : shortId(length);
}

/** A 24-hex id like a MongoDB ObjectId (HighLevel's invoice ids): time first, so ids sort by creation. */
export function objectId(): string {
  const seconds = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return seconds + randomBytes(8).toString('hex');
}

/** A secret for URLs and tokens: 32 random bytes, base64url. */
export function secretToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
