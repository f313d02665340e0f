/**
 * Statements built with Kysely once, at module load, and executed many times with new values. The hot
 * paths (token lookup, invoice reads, the send transaction) would otherwise build and compile their query
 * trees on every request (11% of a send's CPU in docs/benchmarks.md). The statement keeps Kysely's
 * types: columns are checked when it is written, and rows come back typed.
 */
import {
  type Compilable,
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
} from 'kysely';
import { type Db, runOnPool } from './db.ts';
import type { Database } from './schema.ts';

/** Compiles queries; never connects to anything. */
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Stands for a named parameter while the query is compiled. */
class Slot {
  constructor(readonly name: string) {}
}

export interface Statement<P, R> {
  readonly sql: string;
  /** The bind parameters for these values, in the order the SQL text numbers them. */
  parameters(values: P): unknown[];
  /** The rows the statement returns for these values. */
  run(db: Db, values: P): Promise<R[]>;
}

/**
 * `build` receives a compiling Kysely and placeholders for the parameters: each `p.name` becomes a bind
 * parameter that `run` fills from `values.name`. Anything else the query holds is fixed at compile time.
 */
export function statement<P extends object, R>(
  build: (db: Kysely<Database>, p: P) => Compilable<R> | RawBuilder<R>,
): Statement<P, R> {
  const placeholders = new Proxy({}, { get: (_, name) => new Slot(String(name)) }) as P;
  const built = build(compiler, placeholders);
  const compiled = 'isRawBuilder' in built ? built.compile(compiler) : built.compile();
  const slots = compiled.parameters.map((value) => (value instanceof Slot ? value.name : { fixed: value }));
  const parameters = (values: P) =>
    slots.map((slot) => (typeof slot === 'string' ? (values as Record<string, unknown>)[slot] : slot.fixed));
  return {
    sql: compiled.sql,
    parameters,
    async run(db, values) {
      const bound = parameters(values);
      const direct = db.isTransaction ? undefined : await runOnPool<R>(db, compiled.sql, bound);
      if (direct) return direct;
      const query: CompiledQuery<R> = { ...compiled, parameters: bound };
      return (await db.executeQuery(query)).rows;
    },
  };
}

/** Statements whose text depends on a small set of shapes (e.g. which filters a list uses), each compiled once. */
export function statementFamily<K, P extends object, R>(
  build: (shape: K) => Statement<P, R>,
  keyOf: (shape: K) => string,
): (shape: K) => Statement<P, R> {
  const built = new Map<string, Statement<P, R>>();
  return (shape) => {
    const key = keyOf(shape);
    let found = built.get(key);
    if (!found) {
      found = build(shape);
      built.set(key, found);
    }
    return found;
  };
}
