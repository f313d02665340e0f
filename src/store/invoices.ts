/** Invoice statements. Every read and write names the location: an id from another location finds nothing. */
import { sql } from 'kysely';
import { Errors } from '../errors.ts';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';
import { translateUniqueViolations } from './errors.ts';
import type {
  InvoiceItemRow,
  InvoiceRow,
  InvoicesTable,
  NewInvoiceItemRow,
  NewInvoiceRow,
} from './schema.ts';

export interface StoredInvoice {
  invoice: InvoiceRow;
  items: InvoiceItemRow[];
}

const NUMBER_TAKEN = 'invoices_location_number_uq';

const numberTaken = (number: number | null | undefined) => () =>
  Errors.badRequest(`Invoice number ${number} is already used in this location`);

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

/** Inserts the invoice and its items; a number already used in the location is a 400. */
export async function insertInvoice(
  trx: Tx,
  invoice: NewInvoiceRow,
  items: NewInvoiceItemRow[],
): Promise<StoredInvoice> {
  return translateUniqueViolations(
    async () => {
      const row = await trx.insertInto('invoices').values(invoice).returningAll().executeTakeFirstOrThrow();
      return { invoice: row, items: await insertItems(trx, items) };
    },
    { [NUMBER_TAKEN]: numberTaken(invoice.invoice_number as number | null | undefined) },
  );
}

async function insertItems(trx: Tx, items: NewInvoiceItemRow[]): Promise<InvoiceItemRow[]> {
  if (items.length === 0) return [];
  const rows = await trx.insertInto('invoice_items').values(items).returningAll().execute();
  return rows.sort((a, b) => a.position - b.position);
}

export type InvoiceChanges = Partial<{
  [K in keyof InvoicesTable]: NewInvoiceRow[K];
}>;

/** Changes the invoice's columns and replaces its items; a number already used in the location is a 400. */
export async function updateInvoice(
  trx: Tx,
  invoiceId: string,
  changes: InvoiceChanges,
  items: NewInvoiceItemRow[],
): Promise<StoredInvoice> {
  return translateUniqueViolations(
    async () => {
      const row = await trx
        .updateTable('invoices')
        .set(changes)
        .where('id', '=', invoiceId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.deleteFrom('invoice_items').where('invoice_id', '=', invoiceId).execute();
      return { invoice: row, items: await insertItems(trx, items) };
    },
    { [NUMBER_TAKEN]: numberTaken(changes.invoice_number as number | null | undefined) },
  );
}

const invoiceRow = statement((db, p: { id: string; locationId: string }) =>
  db.selectFrom('invoices').selectAll().where('id', '=', p.id).where('location_id', '=', p.locationId),
);

const lockedInvoiceRow = statement((db, p: { id: string; locationId: string }) =>
  db
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', p.id)
    .where('location_id', '=', p.locationId)
    .forUpdate(),
);

const invoiceByToken = statement((db, p: { token: string }) =>
  db.selectFrom('invoices').selectAll().where('public_token', '=', p.token),
);

/** Items of the given invoices in position order. One statement text for any count: it is prepared once. */
const itemRows = statement((db, p: { invoiceIds: string[] }) =>
  db
    .selectFrom('invoice_items')
    .selectAll()
    .where('invoice_id', '=', sql<string>`any(${p.invoiceIds})`)
    .orderBy('invoice_id')
    .orderBy('position'),
);

export async function itemsOf(db: Db, invoiceIds: string[]): Promise<Map<string, InvoiceItemRow[]>> {
  const byInvoice = new Map<string, InvoiceItemRow[]>(invoiceIds.map((id) => [id, []]));
  if (invoiceIds.length === 0) return byInvoice;
  for (const row of await itemRows.run(db, { invoiceIds })) byInvoice.get(row.invoice_id)!.push(row);
  return byInvoice;
}

async function withItems(db: Db, invoice: InvoiceRow | undefined): Promise<StoredInvoice | undefined> {
  if (!invoice) return undefined;
  return { invoice, items: (await itemsOf(db, [invoice.id])).get(invoice.id)! };
}

/** With forUpdate, locks the row until the transaction ends: send, void, update and delete serialise on it. */
export async function findInvoice(
  db: Db,
  locationId: string,
  invoiceId: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredInvoice | undefined> {
  const read = options.forUpdate ? lockedInvoiceRow : invoiceRow;
  const [row] = await read.run(db, { id: invoiceId, locationId });
  return withItems(db, row);
}

/** The invoice a hosted-page link names (its unguessable public token), with its items. */
export async function findInvoiceByPublicToken(db: Db, token: string): Promise<StoredInvoice | undefined> {
  const [row] = await invoiceByToken.run(db, { token });
  return withItems(db, row);
}

const voided = statement((db, p: { id: string; now: Date }) =>
  db
    .updateTable('invoices')
    .set({ status: 'void', voided_at: p.now, updated_at: p.now })
    .where('id', '=', p.id)
    .returningAll(),
);

export async function markVoid(trx: Tx, invoiceId: string, now: Date): Promise<InvoiceRow> {
  const [row] = await voided.run(trx, { id: invoiceId, now });
  return row!;
}

const removed = statement((db, p: { id: string }) => db.deleteFrom('invoices').where('id', '=', p.id));

export async function deleteInvoice(trx: Tx, invoiceId: string): Promise<void> {
  await removed.run(trx, { id: invoiceId });
}

const lockedForSend = statement((db, p: { id: string; locationId: string; userId: string }) =>
  db
    .selectFrom('invoices')
    .selectAll()
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('user_locations')
            .select('user_id')
            .where('user_id', '=', p.userId)
            .where('location_id', '=', p.locationId),
        )
        .as('user_has_access'),
    )
    .where('id', '=', p.id)
    .where('location_id', '=', p.locationId)
    .forUpdate(),
);

/**
 * A send's first statement: locks the invoice (with its items) and says whether `userId` may act for the
 * location, in one round trip. Undefined when the invoice is not in that location.
 */
export async function lockInvoiceForSend(
  trx: Tx,
  locationId: string,
  invoiceId: string,
  userId: string,
): Promise<(StoredInvoice & { userHasAccess: boolean }) | undefined> {
  const [row] = await lockedForSend.run(trx, { id: invoiceId, locationId, userId });
  if (!row) return undefined;
  const { user_has_access, ...invoice } = row;
  const stored = await withItems(trx, invoice);
  return { ...stored!, userHasAccess: Boolean(user_has_access) };
}

const sent = statement(
  (
    db,
    p: {
      id: string;
      status: InvoiceRow['status'];
      liveMode: boolean;
      invoiceNumber: number;
      autoPayment: string | null;
      now: Date;
    },
  ) =>
    db
      .updateTable('invoices')
      .set({
        status: p.status,
        live_mode: p.liveMode,
        invoice_number: p.invoiceNumber,
        sent_at: sql<Date>`coalesce(sent_at, ${p.now})`,
        auto_payment: sql<string>`coalesce(${p.autoPayment}::jsonb, auto_payment)`,
        updated_at: p.now,
      })
      .where('id', '=', p.id)
      .returningAll(),
);

/** The send's change to the invoice: status, mode, number, first sentAt, autoPayment when given. */
export async function markSent(
  trx: Tx,
  invoiceId: string,
  change: {
    status: InvoiceRow['status'];
    liveMode: boolean;
    invoiceNumber: number;
    autoPayment: object | undefined;
    now: Date;
  },
): Promise<InvoiceRow> {
  const [row] = await sent.run(trx, {
    id: invoiceId,
    status: change.status,
    liveMode: change.liveMode,
    invoiceNumber: change.invoiceNumber,
    autoPayment: change.autoPayment === undefined ? null : JSON.stringify(change.autoPayment),
    now: change.now,
  });
  return row!;
}
