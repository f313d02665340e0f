import { type Kysely, sql } from 'kysely';

/**
 * Each invoice keeps its API representation, serialised, next to its row (docs/decisions.md, "Database
 * access"): GET and list answer with it instead of rebuilding it from the row and its items on every read.
 * A change to the row that does not also write a fresh view clears it, and so does a change to its items
 * unless the same transaction wrote the row (with the view of those items): a stale view can never be
 * served, the next read rebuilds it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invoices add column view_json text, add column view_version int4`.execute(db);
  // Read on every GET and list page: stored uncompressed, and inline up to a page where it fits.
  await sql`alter table invoices alter column view_json set storage external`.execute(db);
  await sql`alter table invoices set (toast_tuple_target = 8160)`.execute(db);
  await sql`
    create function invoices_view_stale() returns trigger language plpgsql as $$
    begin
      if new.view_json is not distinct from old.view_json and row(new.*) is distinct from row(old.*) then
        new.view_json := null;
        new.view_version := null;
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger invoices_view_stale before update on invoices
    for each row execute function invoices_view_stale()`.execute(db);
  await sql`
    create function invoice_items_view_stale() returns trigger language plpgsql as $$
    begin
      update invoices set view_json = null, view_version = null
      where id in (select invoice_id from changed_items) and view_json is not null
        -- a transaction that wrote the invoice row too wrote its view from these items
        and xmin <> pg_current_xact_id()::xid;
      return null;
    end $$`.execute(db);
  for (const event of ['insert', 'update', 'delete']) {
    const table = event === 'insert' ? 'new' : 'old';
    await sql`
      create trigger ${sql.raw(`invoice_items_${event}_view_stale`)} after ${sql.raw(event)} on invoice_items
      referencing ${sql.raw(table)} table as changed_items
      for each statement execute function invoice_items_view_stale()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const event of ['insert', 'update', 'delete']) {
    await sql`drop trigger if exists ${sql.raw(`invoice_items_${event}_view_stale`)} on invoice_items`.execute(
      db,
    );
  }
  await sql`drop trigger if exists invoices_view_stale on invoices`.execute(db);
  await sql`drop function if exists invoice_items_view_stale()`.execute(db);
  await sql`drop function if exists invoices_view_stale()`.execute(db);
  await sql`alter table invoices drop column view_json, drop column view_version`.execute(db);
}
