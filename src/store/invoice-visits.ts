/** When a user last opened an invoice (PATCH /invoices/stats/last-visited-at). */
import { sql } from 'kysely';
import type { Db } from './db.ts';

/**
 * Records a visit to the invoice now, if it is in the given location (a location token's) or in one of
 * the company's locations (an agency token's). False when there is no such invoice within reach.
 */
export async function recordInvoiceVisit(
  db: Db,
  invoiceId: string,
  reach: { companyId: string; locationId: string | null },
): Promise<boolean> {
  const row = await db
    .insertInto('invoice_visits')
    .columns(['invoice_id', 'location_id', 'last_visited_at'])
    .expression((eb) => {
      let q = eb
        .selectFrom('invoices')
        .innerJoin('locations', 'locations.id', 'invoices.location_id')
        .select(['invoices.id', 'invoices.location_id', sql<Date>`now()`.as('at')])
        .where('invoices.id', '=', invoiceId)
        .where('locations.company_id', '=', reach.companyId);
      if (reach.locationId !== null) q = q.where('invoices.location_id', '=', reach.locationId);
      return q;
    })
    .onConflict((oc) => oc.column('invoice_id').doUpdateSet({ last_visited_at: sql<Date>`now()` }))
    .returning('invoice_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function lastVisitedAt(db: Db, invoiceId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('invoice_visits')
    .select('last_visited_at')
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  return row?.last_visited_at;
}
