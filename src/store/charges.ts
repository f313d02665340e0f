/** Auto-payment charges: one row per attempt to charge a saved method, keyed so it charges once. */
import { sql } from 'kysely';
import type { Db, Tx } from './db.ts';
import type { ChargeRow, ChargeStatus } from './schema.ts';

/** False when a charge with its idempotency key exists already (that attempt is scheduled once). */
export async function insertCharge(
  trx: Tx,
  charge: Omit<ChargeRow, 'created_at' | 'updated_at'>,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('charges')
    .values(charge)
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Cancels the invoice's charges not yet started; returns how many. */
export async function cancelPendingCharges(trx: Tx, invoiceId: string): Promise<number> {
  const rows = await trx
    .updateTable('charges')
    .set({ status: 'cancelled', updated_at: sql<Date>`now()` })
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'scheduled')
    .returning('id')
    .execute();
  return rows.length;
}

export async function findCharge(db: Db, chargeId: string): Promise<ChargeRow | undefined> {
  return db.selectFrom('charges').selectAll().where('id', '=', chargeId).executeTakeFirst();
}

export async function findChargeByProviderRef(
  db: Db,
  provider: string,
  ref: string,
): Promise<ChargeRow | undefined> {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('provider', '=', provider as ChargeRow['provider'])
    .where('provider_ref', '=', ref)
    .executeTakeFirst();
}

/** Moves a charge from one status to another; undefined when it was not in `from` (someone else moved it). */
export async function moveCharge(
  trx: Db,
  chargeId: string,
  from: ChargeStatus[],
  changes: Partial<Pick<ChargeRow, 'status' | 'amount' | 'provider_ref' | 'last_error' | 'payment_id'>>,
): Promise<ChargeRow | undefined> {
  return trx
    .updateTable('charges')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', chargeId)
    .where('status', '=', sql<ChargeStatus>`any(${from})`)
    .returningAll()
    .executeTakeFirst();
}

export async function chargesOf(db: Db, invoiceId: string): Promise<ChargeRow[]> {
  return db
    .selectFrom('charges')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .execute();
}
