/** A location's settings as the dashboard edits them (migration 022): details, numbering, test mode. */
import { sql } from 'kysely';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';

export interface LocationDetailsRow {
  name: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: Record<string, string>;
  logoUrl: string | null;
}

/** Writes the business details; false when there is no such location. */
export async function updateLocationDetails(
  db: Db,
  locationId: string,
  details: LocationDetailsRow,
): Promise<boolean> {
  const result = await db
    .updateTable('locations')
    .set({
      name: details.name,
      email: details.email,
      phone: details.phone,
      website: details.website,
      address: JSON.stringify(details.address),
      logo_url: details.logoUrl,
    })
    .where('id', '=', locationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function updateTestMode(db: Db, locationId: string, testMode: boolean): Promise<boolean> {
  const result = await db
    .updateTable('locations')
    .set({ test_mode: testMode })
    .where('id', '=', locationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

const prefixOf = statement((db, p: { locationId: string }) =>
  db.selectFrom('locations').select('invoice_number_prefix').where('id', '=', p.locationId),
);

/** The prefix a new invoice of the location gets when its request names none. */
export async function locationInvoicePrefix(db: Db, locationId: string): Promise<string> {
  const [row] = await prefixOf.run(db, { locationId });
  return row?.invoice_number_prefix ?? 'INV-';
}

/** The location's prefix, the highest number its invoices use, and its counter (0 before the first). */
export async function locationNumbering(db: Db, locationId: string) {
  return db
    .selectFrom('locations')
    .select([
      'invoice_number_prefix as prefix',
      sql<number>`coalesce((select max(invoice_number) from invoices where invoices.location_id = locations.id), 0)::int8`.as(
        'highestUsed',
      ),
      sql<number>`coalesce((select last_number from invoice_number_counters c where c.location_id = locations.id), 0)::int8`.as(
        'lastNumber',
      ),
    ])
    .where('id', '=', locationId)
    .executeTakeFirst();
}

/**
 * Sets the prefix and the counter (the next generated number is `lastNumber + 1`), in the caller's
 * transaction, with the location's row locked so that a concurrent create's number is seen.
 */
export async function writeNumbering(
  trx: Tx,
  locationId: string,
  prefix: string,
  lastNumber: number,
): Promise<void> {
  await trx
    .updateTable('locations')
    .set({ invoice_number_prefix: prefix })
    .where('id', '=', locationId)
    .execute();
  await trx
    .insertInto('invoice_number_counters')
    .values({ location_id: locationId, last_number: lastNumber })
    .onConflict((oc) => oc.column('location_id').doUpdateSet({ last_number: lastNumber }))
    .execute();
}

/** Locks the location's counter row (creating it) so numbers are not taken meanwhile. */
export async function lockNumberCounter(trx: Tx, locationId: string): Promise<void> {
  await trx
    .insertInto('invoice_number_counters')
    .values({ location_id: locationId, last_number: 0 })
    .onConflict((oc) => oc.column('location_id').doNothing())
    .execute();
  await trx
    .selectFrom('invoice_number_counters')
    .select('last_number')
    .where('location_id', '=', locationId)
    .forUpdate()
    .execute();
}
