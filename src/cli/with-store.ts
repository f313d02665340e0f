import type { Config } from '../config.ts';
import { openDatabase } from '../server.ts';
import { openStore, type Store } from '../store/db.ts';
import { type Io, progressLog } from './io.ts';

/** Runs a store command on DATABASE_URL, or on the embedded server (reusing one a running `serve` owns). */
export async function withStore<T>(config: Config, io: Io, run: (store: Store) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, progressLog(io));
  try {
    const store = openStore(database.databaseUrl, { max: 2 });
    try {
      return await run(store);
    } finally {
      await store.close();
    }
  } finally {
    await database.stop();
  }
}
