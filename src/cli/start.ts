import type { Config } from '../config.ts';
import { openDatabase } from '../server.ts';
import { openStore } from '../store/db.ts';
import { initStore, storeIsEmpty } from '../tenancy/init-store.ts';
import { noArguments } from './args.ts';
import { type Io, progressLog } from './io.ts';
import { describeSeeded } from './seeded.ts';
import { serve } from './serve.ts';

/** `start`: seeds an empty store (printing its ids and tokens), then serves the API with the workers. */
export async function startCommand(config: Config, io: Io, args: string[]): Promise<number> {
  noArguments(args, 'start');
  const database = await openDatabase(config, progressLog(io));
  try {
    const store = openStore(database.databaseUrl, { max: 2 });
    try {
      if (await storeIsEmpty({ store })) {
        const seeded = await initStore({ store });
        if (seeded) io.out(describeSeeded(seeded, config.publicUrl));
      }
    } finally {
      await store.close();
    }
  } catch (err) {
    await database.stop();
    throw err;
  }
  return serve(config, io, { workers: true, database });
}
