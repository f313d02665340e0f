/** The test provider's record of the charges it was asked for: one row per idempotency key (migration 007). */
import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface TestChargeCall {
  idempotencyKey: string;
  chargeId: string;
  ref: string;
  methodRef: string;
  currency: string;
  amount: number;
}

/** Counts a call; returns the key's first call (what a repeated call must match) and the count. */
export async function recordTestChargeCall(
  db: Db,
  call: TestChargeCall,
): Promise<{ methodRef: string; currency: string; amount: number; calls: number }> {
  const row = await db
    .insertInto('test_provider_charges')
    .values({
      idempotency_key: call.idempotencyKey,
      charge_id: call.chargeId,
      ref: call.ref,
      method_ref: call.methodRef,
      currency: call.currency,
      amount: call.amount,
    })
    .onConflict((oc) =>
      oc.column('idempotency_key').doUpdateSet({
        calls: sql<number>`test_provider_charges.calls + 1`,
        last_called_at: sql<Date>`now()`,
      }),
    )
    .returning(['method_ref', 'currency', 'amount', 'calls'])
    .executeTakeFirstOrThrow();
  return { methodRef: row.method_ref, currency: row.currency, amount: row.amount, calls: row.calls };
}
