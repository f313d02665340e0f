/** The store's side of the job queue: pg-boss runs its own SQL, inside our transaction, through this adapter. */
import { CompiledQuery, sql } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Db } from './db.ts';

/** pg-boss's Db interface over a Kysely transaction (or connection): its SQL runs inside it. */
export function queueDb(db: Db): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}

/** Whether pg-boss has the named queue in its schema. */
export async function queueExists(db: Db, schema: string, name: string): Promise<boolean> {
  const { rows } = await sql`select 1 from ${sql.table(`${schema}.queue`)} where name = ${name}`.execute(db);
  return rows.length > 0;
}
