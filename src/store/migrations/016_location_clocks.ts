import { type Kysely, sql } from 'kysely';

/**
 * A test clock per location (issue #12 item 9): how far its test-mode data is ahead of the real time, so
 * schedules, reminders and late fees of test invoices can be seen to run without waiting days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table location_clocks (
      location_id text primary key references locations (id) on delete cascade,
      offset_seconds bigint not null default 0 check (offset_seconds >= 0),
      updated_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists location_clocks`.execute(db);
}
