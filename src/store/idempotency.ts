/** The first response to an Idempotency-Key, per location, kept 24 hours (docs/send-invoice.md §6). */
import { sql } from 'kysely';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';

const TTL = sql`interval '24 hours'`;

export interface StoredResponse {
  request_hash: string;
  status_code: number;
  response: unknown;
}

const live = statement((db, p: { locationId: string; key: string }) =>
  db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('location_id', '=', p.locationId)
    .where('key', '=', p.key)
    .where('created_at', '>', sql<Date>`now() - ${TTL}`),
);

/** The live response stored under this key, if any. */
export async function findStoredResponse(
  db: Db,
  locationId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const [row] = await live.run(db, { locationId, key });
  return row;
}

const save = statement(
  (
    db,
    p: {
      locationId: string;
      key: string;
      operation: string;
      hash: string;
      statusCode: number;
      response: string;
      now: Date;
    },
  ) =>
    db
      .insertInto('idempotency_keys')
      .values({
        location_id: p.locationId,
        key: p.key,
        operation: p.operation,
        request_hash: p.hash,
        status_code: p.statusCode,
        response: p.response,
      })
      .onConflict((oc) =>
        oc
          .columns(['location_id', 'key'])
          .doUpdateSet({
            operation: p.operation,
            request_hash: p.hash,
            status_code: p.statusCode,
            response: p.response,
            created_at: p.now,
          })
          // Only an expired record may be replaced.
          .where('idempotency_keys.created_at', '<=', sql<Date>`now() - ${TTL}`),
      )
      .returning('key'),
);

/**
 * Stores the response in `trx`. False when a live record under this key already exists (a concurrent
 * request with the same key committed first): the caller rolls back and answers with that one.
 */
export async function saveResponse(
  trx: Tx,
  record: {
    locationId: string;
    key: string;
    operation: string;
    hash: string;
    statusCode: number;
    response: unknown;
  },
): Promise<boolean> {
  const rows = await save.run(trx, {
    locationId: record.locationId,
    key: record.key,
    operation: record.operation,
    hash: record.hash,
    statusCode: record.statusCode,
    response: JSON.stringify(record.response),
    now: new Date(),
  });
  return rows.length > 0;
}
