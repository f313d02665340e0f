/** The test provider's saved payment methods (test mode only: a brand, the last 4 digits and an outcome). */
import type { Db } from './db.ts';

export async function findTestMethod(db: Db, id: string) {
  return db.selectFrom('test_payment_methods').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTestMethod(
  db: Db,
  method: {
    id: string;
    locationId: string;
    customerRef: string;
    brand: string;
    last4: string;
    outcome: string;
  },
): Promise<void> {
  await db
    .insertInto('test_payment_methods')
    .values({
      id: method.id,
      location_id: method.locationId,
      customer_ref: method.customerRef,
      brand: method.brand,
      last4: method.last4,
      outcome: method.outcome,
    })
    .execute();
}

export async function testMethodsOf(db: Db, customerRef: string) {
  return db
    .selectFrom('test_payment_methods')
    .selectAll()
    .where('customer_ref', '=', customerRef)
    .orderBy('created_at')
    .execute();
}
