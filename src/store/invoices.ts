/** Invoice queries. Every read and write names the location: an id from another location finds nothing. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  Database,
  InvoiceItemRow,
  InvoiceRow,
  InvoiceStatus,
  NewInvoiceItemRow,
  NewInvoiceRow,
} from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredInvoice {
  invoice: InvoiceRow;
  items: InvoiceItemRow[];
}

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === UNIQUE_VIOLATION && e.constraint === constraint;
}

/**
 * Takes the location's next invoice number, in the caller's transaction: one upsert on the counter row,
 * so concurrent creates queue on that row and never share a number. A number the client chose moves the
 * counter forward so later generated numbers do not collide with it.
 */
export async function takeInvoiceNumber(trx: Transaction<Database>, locationId: string, chosen?: number) {
  const row = await sql<{ last_number: number }>`
    insert into invoice_number_counters as c (location_id, last_number)
    values (${locationId}, ${chosen ?? 1})
    on conflict (location_id) do update
      set last_number = ${chosen === undefined ? sql`c.last_number + 1` : sql`greatest(c.last_number, ${chosen})`}
    returning last_number`.execute(trx);
  return chosen ?? Number(row.rows[0]!.last_number);
}

/** The number the next generated invoice would get (GET /invoices/generate-invoice-number). */
export async function peekInvoiceNumber(db: Db, locationId: string): Promise<number> {
  const row = await db
    .selectFrom('invoice_number_counters')
    .select('last_number')
    .where('location_id', '=', locationId)
    .executeTakeFirst();
  return (row?.last_number ?? 0) + 1;
}

export async function insertInvoice(
  trx: Transaction<Database>,
  invoice: NewInvoiceRow,
  items: NewInvoiceItemRow[],
) {
  await trx.insertInto('invoices').values(invoice).execute();
  if (items.length > 0) await trx.insertInto('invoice_items').values(items).execute();
}

/** Items of the given invoices in position order. One statement text for any count: it is prepared once. */
async function itemsOf(db: Db, invoiceIds: string[]): Promise<Map<string, InvoiceItemRow[]>> {
  const byInvoice = new Map<string, InvoiceItemRow[]>(invoiceIds.map((id) => [id, []]));
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await db
    .selectFrom('invoice_items')
    .selectAll()
    .where('invoice_id', '=', sql<string>`any(${invoiceIds})`)
    .orderBy('invoice_id')
    .orderBy('position')
    .execute();
  for (const row of rows) byInvoice.get(row.invoice_id)!.push(row);
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
  let query = db
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', invoiceId)
    .where('location_id', '=', locationId);
  if (options.forUpdate) query = query.forUpdate();
  return withItems(db, await query.executeTakeFirst());
}

/** The invoice a hosted-page link names (its unguessable public token), with its items. */
export async function findInvoiceByPublicToken(db: Db, token: string): Promise<StoredInvoice | undefined> {
  return withItems(
    db,
    await db.selectFrom('invoices').selectAll().where('public_token', '=', token).executeTakeFirst(),
  );
}

export interface InvoiceFilters {
  status?: InvoiceStatus;
  startAt?: string;
  endAt?: string;
  search?: string;
  liveMode?: boolean;
  contactId?: string;
  sortByIssueDate?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listInvoices(db: Db, locationId: string, f: InvoiceFilters) {
  let base = db.selectFrom('invoices').where('location_id', '=', locationId);
  if (f.status) base = base.where('status', '=', f.status);
  if (f.startAt) base = base.where('issue_date', '>=', f.startAt);
  if (f.endAt) base = base.where('issue_date', '<=', f.endAt);
  if (f.liveMode !== undefined) base = base.where('live_mode', '=', f.liveMode);
  if (f.contactId) base = base.where('contact_id', '=', f.contactId);
  if (f.search) {
    const pattern = `%${escapeLike(f.search)}%`;
    const search = f.search;
    base = base.where((eb) =>
      eb.or([
        eb('id', '=', search),
        eb('name', 'ilike', pattern),
        eb(sql`invoice_number::text`, '=', search),
        eb(sql`contact_details->>'name'`, 'ilike', pattern),
        eb(sql`contact_details->>'email'`, 'ilike', pattern),
        eb(sql`contact_details->>'phoneNo'`, 'ilike', pattern),
      ]),
    );
  }
  // The page's ids first (from an index alone), then its rows: OFFSET skips rows only after fetching them,
  // so selecting whole rows directly reads every skipped row from the table, and PostgreSQL would rather
  // sort all matching rows than walk that many (measured in docs/benchmarks.md, "Scale").
  const direction = f.sortByIssueDate ?? 'desc';
  const sortColumn = f.sortByIssueDate ? 'issue_date' : 'created_at';
  const pageIds = base
    .select('id')
    .orderBy(sortColumn, direction)
    .orderBy('id', direction)
    .limit(f.limit)
    .offset(f.offset);
  const page = db
    .selectFrom(pageIds.as('page'))
    .innerJoin('invoices', 'invoices.id', 'page.id')
    .selectAll('invoices')
    .orderBy(`invoices.${sortColumn}`, direction)
    .orderBy('invoices.id', direction);
  const [rows, count] = await Promise.all([
    page.execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = await itemsOf(
    db,
    rows.map((r) => r.id),
  );
  return {
    invoices: rows.map((invoice) => ({ invoice, items: items.get(invoice.id)! })),
    total: Number(count.n),
  };
}

export async function replaceItems(
  trx: Transaction<Database>,
  invoiceId: string,
  items: NewInvoiceItemRow[],
) {
  await trx.deleteFrom('invoice_items').where('invoice_id', '=', invoiceId).execute();
  if (items.length > 0) await trx.insertInto('invoice_items').values(items).execute();
}

export async function recordEvent(
  trx: Transaction<Database>,
  event: { invoiceId: string; locationId: string; type: string; actor?: object; data?: object },
) {
  await trx
    .insertInto('invoice_events')
    .values({
      invoice_id: event.invoiceId,
      location_id: event.locationId,
      type: event.type,
      actor: JSON.stringify(event.actor ?? {}),
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
}
