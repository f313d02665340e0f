import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Random bytes from a refilled pool: one getrandom call per 4 KiB instead of one per id (a send makes
 * three ids, a create one per item). Every caller encodes its bytes before the next call can refill.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomBytes(count: number): Buffer {
  if (count > pool.length) {
    const bytes = Buffer.alloc(count);
    randomFillSync(bytes);
    return bytes;
  }
  if (used + count > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += count;
  return pool.subarray(used - count, used);
}

/** A 20-character id in the style of HighLevel's location, user and company ids. */
export function shortId(length = 20): string {
  let out = '';
  while (out.length < length) {
    const bytes = randomBytes(length * 2);
    for (let i = 0; i < bytes.length && out.length < length; i++) {
      const b = bytes[i]!;
      // Rejection sampling keeps every character equally likely.
      if (b < 248) out += ALPHABET[b % 62];
    }
  }
  return out;
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
