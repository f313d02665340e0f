/**
 * An estimate's send: the estimate locked with whether the user may act for its location, and the new
 * state with its deliveries written in the caller's transaction (migration 017: deliveries.estimate_id).
 */
import { sql } from 'kysely';
import type { EstimateFields, EstimateHistoryEntry, EstimateStatus } from '../domain/estimate.ts';
import type { Tx } from './db.ts';
import type { NewDelivery } from './deliveries.ts';
import type { EstimateRow } from './estimates.ts';

/** The estimate, locked, and whether `userId` is a user of its location; undefined when not in it. */
export async function lockEstimateForSend(
  trx: Tx,
  locationId: string,
  id: string,
  userId: string,
): Promise<(EstimateRow & { userHasAccess: boolean }) | undefined> {
  const row = await trx
    .selectFrom('estimates')
    .selectAll()
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('user_locations')
            .select('user_id')
            .where('user_id', '=', userId)
            .where('location_id', '=', locationId),
        )
        .as('user_has_access'),
    )
    .where('location_id', '=', locationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const { user_has_access, ...rest } = row;
  return { ...(rest as EstimateRow), userHasAccess: Boolean(user_has_access) };
}

export interface EstimateSendRecord {
  locationId: string;
  estimateId: string;
  status: EstimateStatus;
  liveMode: boolean;
  fields: EstimateFields;
  history: EstimateHistoryEntry[];
  /** Their invoiceId is ignored: these are the estimate's. */
  deliveries: Array<Omit<NewDelivery, 'invoiceId' | 'locationId'>>;
}

/** The estimate's new state and its deliveries; answers the row as it is now. */
export async function recordEstimateSend(trx: Tx, record: EstimateSendRecord): Promise<EstimateRow> {
  const row = await trx
    .updateTable('estimates')
    .set({
      status: record.status,
      live_mode: record.liveMode,
      fields: JSON.stringify(record.fields),
      history: JSON.stringify(record.history),
      updated_at: sql<Date>`now()`,
    })
    .where('location_id', '=', record.locationId)
    .where('id', '=', record.estimateId)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (record.deliveries.length > 0) {
    await trx
      .insertInto('deliveries')
      .values(
        record.deliveries.map((d) => ({
          id: d.id,
          invoice_id: null,
          estimate_id: record.estimateId,
          location_id: record.locationId,
          send_event_id: d.sendEventId,
          channel: d.channel,
          transport: d.transport,
          recipient: d.recipient,
          message_id: d.messageId,
          request: JSON.stringify(d.request),
        })),
      )
      .execute();
  }
  return row as EstimateRow;
}
