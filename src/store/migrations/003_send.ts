import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // docs/send-invoice.md §4: autoPayment is stored on the invoice.
  await db.schema.alterTable('invoices').addColumn('auto_payment', 'jsonb').execute();
  // Tax per name and rate as computed at the last change, for the PDF and the hosted page.
  await db.schema
    .alterTable('invoices')
    .addColumn('tax_lines', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();

  // docs/send-invoice.md §6: the first response to an Idempotency-Key, kept 24 hours.
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'int4', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['location_id', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_created_idx')
    .on('idempotency_keys')
    .column('created_at')
    .execute();

  // Events for webhook subscribers (InvoiceSent, ...), written in the transaction of the change they report.
  await db.schema
    .createTable('webhook_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('dispatched_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('webhook_events_location_idx')
    .on('webhook_events')
    .columns(['location_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_events').ifExists().execute();
  await db.schema.dropTable('idempotency_keys').ifExists().execute();
  await db.schema.alterTable('invoices').dropColumn('auto_payment').dropColumn('tax_lines').execute();
}
