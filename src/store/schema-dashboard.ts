/** The dashboard's sign-in tables (migration 021). */
import type { Generated } from 'kysely';

type Timestamp = Date;

export interface UserPasswordsTable {
  user_id: string;
  /** scrypt$N$r$p$salt$key, base64url parts (tenancy/passwords.ts). */
  hash: string;
  updated_at: Generated<Date>;
}

export interface LoginLinksTable {
  token_hash: string;
  user_id: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface DashboardSessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  /** The absolute end of the session, whatever its activity. */
  expires_at: Timestamp;
}

export interface DashboardTables {
  user_passwords: UserPasswordsTable;
  login_links: LoginLinksTable;
  dashboard_sessions: DashboardSessionsTable;
}
