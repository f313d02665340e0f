/**
 * Creating and changing an invoice, each one statement: the row (with its new view), its items and its
 * history record. The caller computed the whole new state, so nothing is read back; the items' trigger
 * leaves alone the view of an invoice whose row the same transaction wrote (migration 005).
 */
import { type QueryCreator, sql } from 'kysely';
import { Errors } from '../errors.ts';
import type { Tx } from './db.ts';
import { translateUniqueViolations } from './errors.ts';
import type { InvoiceEvent } from './events.ts';
import type { StoredInvoice } from './invoices.ts';
import { lateFeesDueAt } from './late-fees.ts';
import type { Database, InvoiceItemRow, InvoiceRow } from './schema.ts';
import { type WebhookEvent, webhookEventRows } from './webhook-events.ts';

const NUMBER_TAKEN = 'invoices_location_number_uq';

const numberTaken = (number: number | null) => () =>
  Errors.badRequest(`Invoice number ${number} is already used in this location`);

/** The items of one invoice, column by column: one statement text for any number of them. */
interface ItemColumns {
  itemIds: string[];
  positions: number[];
  names: string[];
  descriptions: Array<string | null>;
  productIds: Array<string | null>;
  priceIds: Array<string | null>;
  currencies: string[];
  amounts: number[];
  qtys: string[];
  taxes: string[];
  types: Array<string | null>;
  inclusive: boolean[];
  extras: string[];
  lineTotals: number[];
}

function itemColumns(items: InvoiceItemRow[]): ItemColumns {
  return {
    itemIds: items.map((i) => i.id),
    positions: items.map((i) => i.position),
    names: items.map((i) => i.name),
    descriptions: items.map((i) => i.description),
    productIds: items.map((i) => i.product_id),
    priceIds: items.map((i) => i.price_id),
    currencies: items.map((i) => i.currency),
    amounts: items.map((i) => i.amount),
    qtys: items.map((i) => i.qty),
    taxes: items.map((i) => JSON.stringify(i.taxes)),
    types: items.map((i) => i.type),
    inclusive: items.map((i) => i.tax_inclusive),
    extras: items.map((i) => JSON.stringify(i.extra)),
    lineTotals: items.map((i) => i.line_total),
  };
}

const ITEM_COLUMNS = [
  'id',
  'invoice_id',
  'position',
  'name',
  'description',
  'product_id',
  'price_id',
  'currency',
  'amount',
  'qty',
  'taxes',
  'type',
  'tax_inclusive',
  'extra',
  'line_total',
] as const;

const itemRows = (p: ItemColumns & { id: string }) =>
  sql`select i.id, ${p.id}, i.position, i.name, i.description, i.product_id, i.price_id, i.currency, i.amount,
        i.qty, i.taxes, i.type, i.tax_inclusive, i.extra, i.line_total
      from unnest(${p.itemIds}::text[], ${p.positions}::int4[], ${p.names}::text[], ${p.descriptions}::text[],
                  ${p.productIds}::text[], ${p.priceIds}::text[], ${p.currencies}::text[], ${p.amounts}::int8[],
                  ${p.qtys}::numeric[], ${p.taxes}::jsonb[], ${p.types}::text[], ${p.inclusive}::bool[],
                  ${p.extras}::jsonb[], ${p.lineTotals}::int8[])
        as i(id, position, name, description, product_id, price_id, currency, amount, qty, taxes, type,
             tax_inclusive, extra, line_total)`;

/** The row's values as the insert and the update bind them (JSON columns as their text). */
function rowValues(invoice: InvoiceRow) {
  return {
    ...invoice,
    contact_details: JSON.stringify(invoice.contact_details),
    business_details: JSON.stringify(invoice.business_details),
    discount: JSON.stringify(invoice.discount),
    sent_to: JSON.stringify(invoice.sent_to),
    extra: JSON.stringify(invoice.extra),
    tax_lines: JSON.stringify(invoice.tax_lines),
    payment_schedule: invoice.payment_schedule === null ? null : JSON.stringify(invoice.payment_schedule),
    auto_payment: invoice.auto_payment === null ? null : JSON.stringify(invoice.auto_payment),
    late_fees_due_at: lateFeesDueAt(invoice),
  };
}

export interface InvoiceWrite {
  /** The invoice as it is to be, with its items. */
  stored: StoredInvoice;
  view: { json: string; version: number };
  event: InvoiceEvent;
  /** The change's webhook events (InvoiceCreate, InvoiceUpdate, ...). */
  webhooks: WebhookEvent[];
}

function eventValues(event: InvoiceEvent) {
  return {
    invoice_id: event.invoiceId,
    location_id: event.locationId,
    type: event.type,
    actor: JSON.stringify(event.actor ?? {}),
    data: JSON.stringify(event.data ?? {}),
  };
}

function insertWebhookEvents<DB extends Database>(
  q: QueryCreator<DB>,
  locationId: string,
  events: WebhookEvent[],
) {
  return q
    .insertInto('webhook_events')
    .columns(['location_id', 'type', 'payload'])
    .expression(webhookEventRows(locationId, events))
    .returning('id');
}

/** A new invoice: its row, items and 'created' record; a number already used in the location is a 400. */
export async function insertInvoice(trx: Tx, write: InvoiceWrite): Promise<void> {
  const { invoice, items } = write.stored;
  const id = invoice.id;
  await translateUniqueViolations(
    () =>
      trx
        .with('invoice', (q) =>
          q
            .insertInto('invoices')
            .values({ ...rowValues(invoice), view_json: write.view.json, view_version: write.view.version })
            .returning('id'),
        )
        .with('items', (q) =>
          q
            .insertInto('invoice_items')
            .columns(ITEM_COLUMNS)
            .expression(itemRows({ id, ...itemColumns(items) }))
            .returning('id'),
        )
        .with('event', (q) => q.insertInto('invoice_events').values(eventValues(write.event)).returning('id'))
        .with('webhooks', (q) => insertWebhookEvents(q, invoice.location_id, write.webhooks))
        .selectFrom('invoice')
        .select('invoice.id')
        .execute(),
    { [NUMBER_TAKEN]: numberTaken(invoice.invoice_number) },
  );
}

/** An invoice's new state: its row, its items (all replaced) and a history record, in one statement. */
export async function updateInvoice(trx: Tx, write: InvoiceWrite): Promise<void> {
  const { invoice, items } = write.stored;
  const id = invoice.id;
  const { id: _id, created_at: _created, ...changes } = rowValues(invoice);
  await translateUniqueViolations(
    () =>
      trx
        .with('removed', (q) => q.deleteFrom('invoice_items').where('invoice_id', '=', id).returning('id'))
        .with('items', (q) =>
          q
            .insertInto('invoice_items')
            .columns(ITEM_COLUMNS)
            .expression(itemRows({ id, ...itemColumns(items) }))
            .returning('id'),
        )
        .with('invoice', (q) =>
          q
            .updateTable('invoices')
            .set({ ...changes, view_json: write.view.json, view_version: write.view.version })
            .where('id', '=', id)
            .returning('id'),
        )
        .with('event', (q) => q.insertInto('invoice_events').values(eventValues(write.event)).returning('id'))
        .with('webhooks', (q) => insertWebhookEvents(q, invoice.location_id, write.webhooks))
        .selectFrom('invoice')
        .select('invoice.id')
        .execute(),
    { [NUMBER_TAKEN]: numberTaken(invoice.invoice_number) },
  );
}

export interface InvoiceChange {
  /** The invoice as it is to be (its items do not change). */
  stored: StoredInvoice;
  view: { json: string; version: number };
  events: InvoiceEvent[];
  webhooks: WebhookEvent[];
}

/**
 * A change of an invoice's state (void, a payment, a refund, its late fees and their rule): status,
 * amounts, schedule, its echoed fields and timestamps
 * with the new view, the history records and the webhook events, in one statement.
 */
export async function recordInvoiceChange(trx: Tx, change: InvoiceChange): Promise<void> {
  const { invoice } = change.stored;
  const events = change.events.map(eventValues);
  await trx
    .with('invoice', (q) =>
      q
        .updateTable('invoices')
        .set({
          status: invoice.status,
          amount_paid: invoice.amount_paid,
          total: invoice.total,
          late_fee_total: invoice.late_fee_total,
          late_fee_periods: invoice.late_fee_periods,
          late_fees_due_at: lateFeesDueAt(invoice),
          payment_schedule:
            invoice.payment_schedule === null ? null : JSON.stringify(invoice.payment_schedule),
          voided_at: invoice.voided_at,
          extra: JSON.stringify(invoice.extra),
          updated_at: invoice.updated_at,
          view_json: change.view.json,
          view_version: change.view.version,
        })
        .where('id', '=', invoice.id)
        .returning('id'),
    )
    // Any number of records and events (unnest: one statement text for all of them).
    .with('history', (q) =>
      q
        .insertInto('invoice_events')
        .columns(['invoice_id', 'location_id', 'type', 'actor', 'data'])
        .expression(
          sql`select ${invoice.id}, ${invoice.location_id}, e.type, e.actor, e.data
              from unnest(${events.map((e) => e.type)}::text[], ${events.map((e) => e.actor)}::jsonb[],
                          ${events.map((e) => e.data)}::jsonb[]) as e(type, actor, data)`,
        )
        .returning('id'),
    )
    .with('webhooks', (q) => insertWebhookEvents(q, invoice.location_id, change.webhooks))
    .selectFrom('invoice')
    .select('invoice.id')
    .execute();
}
