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

/** Every column of an invoice row but its stored view, which only the view reads and writes touch. */
export const INVOICE_COLUMNS = [
  'id',
  'location_id',
  'company_id',
  'status',
  'live_mode',
  'name',
  'title',
  'currency',
  'invoice_number',
  'invoice_number_prefix',
  'contact_id',
  'contact_details',
  'business_details',
  'discount',
  'sent_to',
  'extra',
  'terms_notes',
  'issue_date',
  'due_date',
  'sub_total',
  'discount_total',
  'tax_total',
  'total',
  'amount_paid',
  'public_token',
  'tax_lines',
  'auto_payment',
  'sent_at',
  'voided_at',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof InvoiceRow>;

// A column added to the table must be added above (or to the Omit in schema.ts): this fails to compile.
const everyColumn: Exclude<keyof InvoiceRow, (typeof INVOICE_COLUMNS)[number]> extends never ? true : never =
  true;
void everyColumn;

const NUMBER_TAKEN = 'invoices_location_number_uq';

const numberTaken = (number: number | null | undefined) => () =>
  Errors.badRequest(`Invoice number ${number} is already used in this location`);

/** Inserts the invoice and its items; a number already used in the location is a 400. */
export async function insertInvoice(
  trx: Tx,
  invoice: NewInvoiceRow,
  items: NewInvoiceItemRow[],
): Promise<StoredInvoice> {
  return translateUniqueViolations(
    async () => {
      const row = await trx
        .insertInto('invoices')
        .values(invoice)
        .returning(INVOICE_COLUMNS)
        .executeTakeFirstOrThrow();
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
        .returning(INVOICE_COLUMNS)
        .executeTakeFirstOrThrow();
      await trx.deleteFrom('invoice_items').where('invoice_id', '=', invoiceId).execute();
      return { invoice: row, items: await insertItems(trx, items) };
    },
    { [NUMBER_TAKEN]: numberTaken(changes.invoice_number as number | null | undefined) },
  );
}

/** The invoice's items in position order, as one JSON array next to its row (one round trip, not two). */
export const itemsJson = sql<ItemJson[]>`(select coalesce(json_agg(it order by it.position), '[]')
  from invoice_items it where it.invoice_id = invoices.id)`;

/** An item as json_agg gives it: numeric qty arrives as a JSON number. */
type ItemJson = Omit<InvoiceItemRow, 'qty'> & { qty: number | string };

/** Splits a row with its `items` JSON into the stored invoice. */
export function storedInvoice<R extends InvoiceRow & { items: ItemJson[] }>(row: R): StoredInvoice {
  const { items, ...invoice } = row;
  // qty has at most 4 decimals, so its JSON number prints back as the exact decimal text.
  return { invoice, items: items.map((item) => ({ ...item, qty: String(item.qty) })) };
}

const invoiceById = statement((db, p: { id: string; locationId: string }) =>
  db
    .selectFrom('invoices')
    .select(INVOICE_COLUMNS)
    .select(itemsJson.as('items'))
    .where('id', '=', p.id)
    .where('location_id', '=', p.locationId),
);

const lockedById = statement((db, p: { id: string; locationId: string }) =>
  db
    .selectFrom('invoices')
    .select(INVOICE_COLUMNS)
    .select(itemsJson.as('items'))
    .where('id', '=', p.id)
    .where('location_id', '=', p.locationId)
    .forUpdate(),
);

const byToken = statement((db, p: { token: string }) =>
  db
    .selectFrom('invoices')
    .select(INVOICE_COLUMNS)
    .select(itemsJson.as('items'))
    .where('public_token', '=', p.token),
);

/** With forUpdate, locks the row until the transaction ends: send, void, update and delete serialise on it. */
export async function findInvoice(
  db: Db,
  locationId: string,
  invoiceId: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredInvoice | undefined> {
  const [row] = await (options.forUpdate ? lockedById : invoiceById).run(db, { id: invoiceId, locationId });
  return row && storedInvoice(row);
}

/** The invoice a hosted-page link names (its unguessable public token), with its items. */
export async function findInvoiceByPublicToken(db: Db, token: string): Promise<StoredInvoice | undefined> {
  const [row] = await byToken.run(db, { token });
  return row && storedInvoice(row);
}

const voided = statement((db, p: { id: string; now: Date }) =>
  db
    .updateTable('invoices')
    .set({ status: 'void', voided_at: p.now, updated_at: p.now })
    .where('id', '=', p.id)
    .returning(INVOICE_COLUMNS),
);

export async function markVoid(trx: Tx, invoiceId: string, now: Date): Promise<InvoiceRow> {
  const [row] = await voided.run(trx, { id: invoiceId, now });
  return row!;
}

const removed = statement((db, p: { id: string }) => db.deleteFrom('invoices').where('id', '=', p.id));

export async function deleteInvoice(trx: Tx, invoiceId: string): Promise<void> {
  await removed.run(trx, { id: invoiceId });
}

export const lockedForSend = statement((db, p: { id: string; locationId: string; userId: string }) =>
  db
    .selectFrom('invoices')
    .select(INVOICE_COLUMNS)
    .select(itemsJson.as('items'))
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
 * A send's first statement: locks the invoice, reads its items and says whether `userId` may act for the
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
  const { user_has_access, ...rest } = row;
  return { ...storedInvoice(rest), userHasAccess: Boolean(user_has_access) };
}
