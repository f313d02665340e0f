import { type Kysely, sql } from 'kysely';

/**
 * Invoice reminders sent (issue #12 item 6): one row per (invoice, reminder, occurrence), so no
 * occurrence is ever sent twice, whichever process's scheduler claims it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table invoice_reminders (
      invoice_id text not null references invoices (id) on delete cascade,
      reminder_id text not null,
      occurrence integer not null check (occurrence > 0),
      location_id text not null,
      sent_at timestamptz not null default now(),
      primary key (invoice_id, reminder_id, occurrence)
    )`.execute(db);
  // The scheduler's candidates: sent, unpaid invoices with reminders configured.
  await sql`create index invoices_reminders_idx on invoices (id)
    where status in ('sent', 'partially_paid') and extra ? 'remindersConfiguration'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists invoices_reminders_idx`.execute(db);
  await sql`drop table if exists invoice_reminders`.execute(db);
}
