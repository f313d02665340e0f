/**
 * The service's Ed25519 key pair: generated on first start and kept in the store (one row; concurrent
 * first starts keep the first insert), used to sign every delivery's exact bytes (x-ghl-signature).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { Store } from '../store/db.ts';
import { keepSigningKey, storedSigningKey } from '../store/webhooks.ts';

export interface SigningKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM. */
  publicKeyPem: string;
  /** The raw 32-byte public key, base64. */
  publicKeyBase64: string;
}

const loaded = new WeakMap<Store, Promise<SigningKey>>();

function fromRow(row: { private_key: string; public_key: string }): SigningKey {
  const spki = createPublicKey(row.public_key).export({ format: 'der', type: 'spki' });
  return {
    privateKey: createPrivateKey(row.private_key),
    publicKeyPem: row.public_key,
    // An Ed25519 SPKI is a fixed 12-byte prefix and the raw key.
    publicKeyBase64: spki.subarray(spki.length - 32).toString('base64'),
  };
}

async function loadOrCreate(store: Store): Promise<SigningKey> {
  const stored = await storedSigningKey(store.db);
  if (stored) return fromRow(stored);
  const pair = generateKeyPairSync('ed25519');
  const row = await keepSigningKey(store.db, {
    algorithm: 'ed25519',
    private_key: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    public_key: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  });
  return fromRow(row);
}

/** The key pair, made and stored the first time any process asks. */
export function signingKey(store: Store): Promise<SigningKey> {
  let key = loaded.get(store);
  if (!key) {
    key = loadOrCreate(store);
    key.catch(() => loaded.delete(store));
    loaded.set(store, key);
  }
  return key;
}

export async function publicKeyInfo(store: Store) {
  const key = await signingKey(store);
  return { algorithm: 'ed25519' as const, publicKey: key.publicKeyPem, publicKeyBase64: key.publicKeyBase64 };
}

/** base64 Ed25519 signature of exactly these bytes. */
export function signBody(key: SigningKey, body: Buffer): string {
  return sign(null, body, key.privateKey).toString('base64');
}
