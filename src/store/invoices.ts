/** Invoice statements. Every read and write names the location: an id from another location finds nothing. */
import { sql } from 'kysely';
import { statement } from './compiled.ts';
import type { Db, Tx } from './db.ts';
import type { InvoiceItemRow, InvoiceRow } from './schema.ts';

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
  'late_fee_total',
  'late_fee_periods',
  'public_token',
  'tax_lines',
  'payment_schedule',
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
