import { type Kysely, sql } from 'kysely';

/**
 * Recurring invoice schedules (issue #12 item 2): the schedule's invoice fields as one JSON document beside
 * the columns the scheduler and the list read, and one row per occurrence that ran. The occurrence's
 * primary key (schedule, time) is what makes a run happen once, whatever crashes or runs twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table invoice_schedules (
      id text primary key,
      location_id text not null references locations (id) on delete cascade,
      company_id text not null,
      status text not null,
      live_mode boolean not null,
      name text not null,
      currency text not null,
      total bigint not null,
      contact_id text not null,
      fields jsonb not null,
      timezone text not null,
      auto_payment jsonb,
      next_run_at timestamptz,
      runs_done integer not null default 0,
      last_error text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index invoice_schedules_location_idx on invoice_schedules (location_id, created_at desc, id)`.execute(
    db,
  );
  await sql`create index invoice_schedules_due_idx on invoice_schedules (next_run_at) where status = 'active'`.execute(
    db,
  );
  await sql`
    create table invoice_schedule_runs (
      schedule_id text not null references invoice_schedules (id) on delete cascade,
      occurrence_at timestamptz not null,
      invoice_id text references invoices (id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (schedule_id, occurrence_at)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists invoice_schedule_runs`.execute(db);
  await sql`drop table if exists invoice_schedules`.execute(db);
}
