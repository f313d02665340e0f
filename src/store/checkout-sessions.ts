/** Checkout sessions: a customer paying from the hosted page, through the test provider or Stripe. */
import { sql } from 'kysely';
import type { Db, Tx } from './db.ts';
import type { CheckoutSessionRow, CheckoutStatus } from './schema.ts';

export async function insertCheckoutSession(
  db: Db,
  session: Omit<CheckoutSessionRow, 'created_at' | 'updated_at'>,
): Promise<CheckoutSessionRow> {
  return db.insertInto('checkout_sessions').values(session).returningAll().executeTakeFirstOrThrow();
}

export async function findCheckoutSession(db: Db, id: string): Promise<CheckoutSessionRow | undefined> {
  return db.selectFrom('checkout_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockCheckoutSession(trx: Tx, id: string): Promise<CheckoutSessionRow | undefined> {
  return trx.selectFrom('checkout_sessions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findCheckoutSessionByRef(db: Db, provider: string, ref: string) {
  return db
    .selectFrom('checkout_sessions')
    .selectAll()
    .where('provider', '=', provider as CheckoutSessionRow['provider'])
    .where('provider_ref', '=', ref)
    .executeTakeFirst();
}

export async function updateCheckoutSession(
  db: Db,
  id: string,
  changes: Partial<{
    status: CheckoutStatus;
    provider_ref: string;
    failure_reason: string | null;
    payment_id: string;
    card_brand: string;
    card_last4: string;
    save_method: boolean;
  }>,
): Promise<void> {
  await db
    .updateTable('checkout_sessions')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** The most recent completed session of an invoice with its payment (the receipt the page shows). */
export async function lastCompletedSession(db: Db, invoiceId: string) {
  return db
    .selectFrom('checkout_sessions')
    .selectAll()
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'completed')
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
