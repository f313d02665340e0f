/** The provider's customer for each contact of a location (saved methods belong to it). */
import type { Db } from './db.ts';

export async function findPaymentCustomer(db: Db, locationId: string, contactId: string, provider: string) {
  const row = await db
    .selectFrom('payment_customers')
    .select('customer_ref')
    .where('location_id', '=', locationId)
    .where('contact_id', '=', contactId)
    .where('provider', '=', provider)
    .executeTakeFirst();
  return row?.customer_ref;
}

/** Keeps the contact's customer; the first one kept wins when two requests race. */
export async function savePaymentCustomer(
  db: Db,
  row: { locationId: string; contactId: string; provider: string; customerRef: string },
): Promise<string> {
  await db
    .insertInto('payment_customers')
    .values({
      location_id: row.locationId,
      contact_id: row.contactId,
      provider: row.provider,
      customer_ref: row.customerRef,
    })
    .onConflict((oc) => oc.columns(['location_id', 'contact_id', 'provider']).doNothing())
    .execute();
  return (await findPaymentCustomer(db, row.locationId, row.contactId, row.provider)) ?? row.customerRef;
}
