import { type Kysely, sql } from 'kysely';

/** One row per message a send asks for; the dev outbox is the rows whose transport is 'outbox'. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('send_event_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email','sms')`))
    .addColumn('transport', 'text', (c) => c.notNull().check(sql`transport in ('outbox','smtp','twilio')`))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('queued').check(sql`status in ('queued','sending','sent','failed')`),
    )
    .addColumn('attempts', 'int4', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('provider_id', 'text')
    .addColumn('request', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('content', 'jsonb')
    .addColumn('pdf', 'bytea')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index deliveries_location_created_idx on deliveries (location_id, created_at desc, id desc)`.execute(
    db,
  );
  await db.schema.createIndex('deliveries_invoice_idx').on('deliveries').column('invoice_id').execute();
  // The dev outbox lists every location's outbox rows, newest first.
  await sql`create index deliveries_outbox_created_idx on deliveries (created_at desc, id desc) where transport = 'outbox'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deliveries').ifExists().execute();
}
