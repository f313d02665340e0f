/** The store's side of the job queue: pg-boss runs its own SQL, inside our transaction, through this adapter. */
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
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

/** An arbitrary constant key: the session lock every process takes around setting up the queues. */
const QUEUE_SETUP_LOCK = 7_263_151_001;

/**
 * Runs `setup` holding a PostgreSQL advisory lock on its own connection, so that processes starting at
 * the same moment set the queues up one after another: pg-boss's create_queue, run concurrently for the
 * same queues, deadlocks (seen with two API processes and a worker started together).
 */
export async function withQueueSetupLock<T>(databaseUrl: string, setup: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'hl-invoices-setup' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [QUEUE_SETUP_LOCK]);
    return await setup();
  } finally {
    // Ending the session releases the lock, also when setup failed.
    await client.end();
  }
}
