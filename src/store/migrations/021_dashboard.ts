import { type Kysely, sql } from 'kysely';

/**
 * The dashboard's sign-in (issue #13): password hashes, one-time sign-in links and sessions, all in
 * PostgreSQL so that every process of a deployment shares them. Secrets are stored as SHA-256 hashes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table user_passwords (
      user_id text primary key references users (id) on delete cascade,
      hash text not null,
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table login_links (
      token_hash text primary key,
      user_id text not null references users (id) on delete cascade,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table dashboard_sessions (
      id_hash text primary key,
      user_id text not null references users (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index dashboard_sessions_user_idx on dashboard_sessions (user_id)`.execute(db);
  await sql`create index login_links_user_idx on login_links (user_id)`.execute(db);
  // What the dashboard starts new invoices and sends in, and shows a test-mode banner for.
  await sql`alter table locations add column test_mode boolean not null default true`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table locations drop column if exists test_mode`.execute(db);
  await sql`drop table if exists dashboard_sessions`.execute(db);
  await sql`drop table if exists login_links`.execute(db);
  await sql`drop table if exists user_passwords`.execute(db);
}
