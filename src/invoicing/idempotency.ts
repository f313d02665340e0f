/**
 * Idempotency-Key (docs/send-invoice.md §6, docs/decisions.md "Send Invoice"): keys are per location and
 * kept 24 hours, bound to a hash of the request; only successful results are stored, in the transaction of
 * the change they describe.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Store, Tx } from '../store/db.ts';
import { findStoredResponse, type StoredResponse, saveResponse } from '../store/idempotency.ts';

/** Only successful results are stored, so a replay is always a success too. */
export interface IdempotentOutcome<T> {
  body: T;
  /** True when `body` is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

/** A live record under the key was committed by a concurrent request: ours is rolled back. */
class ConcurrentlyStored extends Error {}

function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

function replay<T>(previous: StoredResponse, hash: string): IdempotentOutcome<T> {
  if (previous.request_hash !== hash) {
    throw new AppError(
      'unprocessable',
      'Idempotency-Key was already used with a different request body; use a new key for a different request',
    );
  }
  // The stored JSON is the body an earlier call of the same operation returned.
  return { body: previous.response as T, replayed: true };
}

/**
 * Runs `work` in a transaction. With a key: a live stored answer is replayed without running it, and the
 * answer it returns is stored in its transaction; of concurrent requests with one key, the later ones
 * answer with the first one's result.
 */
export async function withIdempotency<T>(
  store: Store,
  scope: { locationId: string; key: string | undefined; operation: string; request: unknown },
  work: (trx: Tx) => Promise<T>,
): Promise<IdempotentOutcome<T>> {
  const { locationId, key, operation } = scope;
  if (key === undefined) {
    return { body: await store.db.transaction().execute(work), replayed: false };
  }
  const hash = requestHash(scope.request);
  const previous = await findStoredResponse(store.db, locationId, key);
  if (previous) return replay(previous, hash);
  try {
    const body = await store.db.transaction().execute(async (trx) => {
      const result = await work(trx);
      const saved = await saveResponse(trx, {
        locationId,
        key,
        operation,
        hash,
        statusCode: 200,
        response: result,
      });
      if (!saved) throw new ConcurrentlyStored();
      return result;
    });
    return { body, replayed: false };
  } catch (err) {
    if (!(err instanceof ConcurrentlyStored)) throw err;
    const winner = await findStoredResponse(store.db, locationId, key);
    if (!winner) throw err;
    return replay(winner, hash);
  }
}
