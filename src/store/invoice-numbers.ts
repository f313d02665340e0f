/** Invoice numbers: one counter row per location, moved on in the transaction that takes a number. */
import { sql } from 'kysely';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';

const nextNumber = statement((db, p: { locationId: string }) =>
  db
    .insertInto('invoice_number_counters')
    .values({ location_id: p.locationId, last_number: 1 })
    .onConflict((oc) =>
      oc
        .column('location_id')
        .doUpdateSet({ last_number: sql<number>`invoice_number_counters.last_number + 1` }),
    )
    .returning('last_number'),
);

const chosenNumber = statement((db, p: { locationId: string; chosen: number }) =>
  db
    .insertInto('invoice_number_counters')
    .values({ location_id: p.locationId, last_number: p.chosen })
    .onConflict((oc) =>
      oc.column('location_id').doUpdateSet({
        last_number: sql<number>`greatest(invoice_number_counters.last_number, ${p.chosen})`,
      }),
    )
    .returning('last_number'),
);

/**
 * Takes the location's next invoice number, in the caller's transaction: one upsert on the counter row,
 * so concurrent creates queue on that row and never share a number. A number the client chose moves the
 * counter forward so later generated numbers do not collide with it.
 */
export async function takeInvoiceNumber(trx: Tx, locationId: string, chosen?: number): Promise<number> {
  if (chosen !== undefined) {
    await chosenNumber.run(trx, { locationId, chosen });
    return chosen;
  }
  const [row] = await nextNumber.run(trx, { locationId });
  return row!.last_number;
}

const lastNumber = statement((db, p: { locationId: string }) =>
  db.selectFrom('invoice_number_counters').select('last_number').where('location_id', '=', p.locationId),
);

/** The number the next generated invoice would get (GET /invoices/generate-invoice-number). */
export async function peekInvoiceNumber(db: Db, locationId: string): Promise<number> {
  const [row] = await lastNumber.run(db, { locationId });
  return (row?.last_number ?? 0) + 1;
}
