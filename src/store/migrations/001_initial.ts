import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('website', 'text')
    .addColumn('timezone', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('locations_company_idx').on('locations').column('company_id').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_company_email_uq on users (company_id, lower(email))`.execute(db);

  await db.schema
    .createTable('user_locations')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_locations_pk', ['user_id', 'location_id'])
    .execute();
  await db.schema
    .createIndex('user_locations_location_idx')
    .on('user_locations')
    .column('location_id')
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('agency', 'location')`))
    .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.references('locations.id').onDelete('cascade'))
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('api_tokens_kind_location', sql`(kind = 'location') = (location_id is not null)`)
    .execute();

  await db.schema
    .createTable('invoice_number_counters')
    .addColumn('location_id', 'text', (c) => c.primaryKey().references('locations.id').onDelete('cascade'))
    .addColumn('last_number', 'int8', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull().references('locations.id').onDelete('cascade'))
    .addColumn('company_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft','sent','payment_processing','partially_paid','paid','void')`),
    )
    .addColumn('live_mode', 'boolean', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('invoice_number', 'int8')
    .addColumn('invoice_number_prefix', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('contact_details', 'jsonb', (c) => c.notNull())
    .addColumn('business_details', 'jsonb', (c) => c.notNull())
    .addColumn('discount', 'jsonb', (c) => c.notNull())
    .addColumn('sent_to', 'jsonb', (c) => c.notNull())
    .addColumn('extra', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('terms_notes', 'text')
    .addColumn('issue_date', 'date', (c) => c.notNull())
    .addColumn('due_date', 'date', (c) => c.notNull())
    .addColumn('sub_total', 'int8', (c) => c.notNull())
    .addColumn('discount_total', 'int8', (c) => c.notNull())
    .addColumn('tax_total', 'int8', (c) => c.notNull())
    .addColumn('total', 'int8', (c) => c.notNull())
    .addColumn('amount_paid', 'int8', (c) => c.notNull().defaultTo(0))
    .addColumn('public_token', 'text', (c) => c.notNull().unique())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('voided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('invoices_location_number_uq', ['location_id', 'invoice_number'])
    .execute();
  await sql`create index invoices_location_issue_idx on invoices (location_id, issue_date desc, id desc)`.execute(
    db,
  );
  await sql`create index invoices_location_created_idx on invoices (location_id, created_at desc, id desc)`.execute(
    db,
  );
  await sql`create index invoices_location_status_idx on invoices (location_id, status, issue_date desc)`.execute(
    db,
  );
  await sql`create index invoices_location_contact_idx on invoices (location_id, contact_id)`.execute(db);

  await db.schema
    .createTable('invoice_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('position', 'int4', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('product_id', 'text')
    .addColumn('price_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', 'int8', (c) => c.notNull())
    .addColumn('qty', 'numeric', (c) => c.notNull())
    .addColumn('taxes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('type', 'text')
    .addColumn('tax_inclusive', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('extra', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('line_total', 'int8', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('invoice_items_invoice_idx')
    .on('invoice_items')
    .columns(['invoice_id', 'position'])
    .execute();

  await db.schema
    .createTable('invoice_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('invoice_events_invoice_idx')
    .on('invoice_events')
    .columns(['invoice_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'invoice_events',
    'invoice_items',
    'invoices',
    'invoice_number_counters',
    'api_tokens',
    'user_locations',
    'users',
    'locations',
    'companies',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
