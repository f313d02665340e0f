import { createHash } from 'node:crypto';
import {
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

const INT8_OID = 20;
const DATE_OID = 1082;

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} is outside the safe integer range`);
  return n;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseInt8;
    // Calendar dates stay 'YYYY-MM-DD' strings: a Date would shift them by the process's time zone.
    if (oid === DATE_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Named (server-side prepared) statements one connection keeps at most; later new texts run unnamed. */
const PREPARED_PER_CONNECTION = 200;
const preparedBy = new WeakMap<pg.PoolClient, Set<string>>();

/** Statement text -> name, so the hot statements are not hashed on every call (a few % of a get's CPU). */
const names = new Map<string, string>();
const NAMES_KEPT = 2000;

/** The name a statement text is prepared under (the bench's raw-SQL ceiling uses the same). */
export function statementName(text: string): string {
  const known = names.get(text);
  if (known) return known;
  const name = `k${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  if (names.size < NAMES_KEPT) names.set(text, name);
  return name;
}

/**
 * Runs Kysely's parameterised statements as named prepared statements: PostgreSQL parses them once per
 * connection instead of on every call, which on this service's short queries is a large share of the
 * database's CPU (docs/benchmarks.md: a token lookup 6.3k -> 11.2k per second). Statements without
 * parameters (migrations, BEGIN/COMMIT) keep pg's simple protocol, as before. A connection keeps at most
 * PREPARED_PER_CONNECTION of them, so texts that vary with their input cannot grow a backend without bound.
 * A migration that changes a table's columns invalidates `select *` statements prepared before it
 * ("cached plan must not change result type"): processes of the old version are restarted on deploy anyway.
 */
function prepare(client: pg.PoolClient, text: string, values: unknown[]) {
  if (values.length === 0) return client.query(text, values);
  let prepared = preparedBy.get(client);
  if (!prepared) {
    prepared = new Set<string>();
    preparedBy.set(client, prepared);
  }
  const name = statementName(text);
  if (!prepared.has(name)) {
    if (prepared.size >= PREPARED_PER_CONNECTION) return client.query(text, values);
    prepared.add(name);
  }
  return client.query({ name, text, values });
}

/** A pool client as Kysely's driver uses it, running its statements through `prepare`. */
class PreparingClient {
  constructor(private readonly client: pg.PoolClient) {}
  query(text: string, values: readonly unknown[]) {
    return prepare(this.client, text, values as unknown[]);
  }
  release(destroy?: boolean) {
    this.client.release(destroy);
  }
}

function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => new PreparingClient(await pool.connect()) as unknown as PostgresPoolClient,
    end: () => pool.end(),
  };
}

const poolOf = new WeakMap<object, pg.Pool>();

/**
 * Runs one statement outside any transaction straight on the pool, as Kysely would but without its
 * executor around it (a few % of a GET's CPU); undefined when `db` is a transaction (or another Kysely),
 * which must run it itself.
 */
export async function runOnPool<R>(db: object, text: string, values: unknown[]): Promise<R[] | undefined> {
  const pool = poolOf.get(db);
  if (!pool) return undefined;
  const client = await pool.connect();
  try {
    return (await prepare(client, text, values)).rows as R[];
  } finally {
    client.release();
  }
}

/** A connection or an open transaction: store functions run on either. */
export type Db = Kysely<Database> | Transaction<Database>;
export type Tx = Transaction<Database>;

export interface Store {
  db: Kysely<Database>;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function openStore(databaseUrl: string, options: { max?: number } = {}): Store {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    types,
    application_name: 'hl-invoices',
    // Warm connections keep their prepared statements: reconnecting after a lull costs the first
    // requests a connect, an authentication and a parse each (pg-pool's default closes them after 10 s).
    idleTimeoutMillis: 300_000,
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  poolOf.set(db, pool);
  return {
    db,
    pool,
    async close() {
      await db.destroy();
    },
  };
}
