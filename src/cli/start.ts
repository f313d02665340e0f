import type { Config } from '../config.ts';
import { openDatabase } from '../server.ts';
import { openStore } from '../store/db.ts';
import { initStore, storeIsEmpty } from '../tenancy/init-store.ts';
import { createLoginLink } from '../tenancy/sign-in.ts';
import { noArguments } from './args.ts';
import { type Io, progressLog } from './io.ts';
import { describeSeeded } from './seeded.ts';
import { serve } from './serve.ts';
import { loginLinkUrl } from './user.ts';

/** The first start's sign-in link outlives LOGIN_LINK_MINUTES: set-up may take a while. */
const FIRST_LINK_SECONDS = 24 * 3600;

/** `start`: seeds an empty store (printing its ids and tokens), then serves the API with the workers. */
export async function startCommand(config: Config, io: Io, args: string[]): Promise<number> {
  noArguments(args, 'start');
  const database = await openDatabase(config, progressLog(io));
  try {
    const store = openStore(database.databaseUrl, { max: 2 });
    try {
      if (await storeIsEmpty({ store })) {
        const seeded = await initStore({ store });
        if (seeded) {
          const ttl = Math.max(config.dashboard.loginLinkSeconds, FIRST_LINK_SECONDS);
          const link = await createLoginLink({ store }, seeded.userId, ttl);
          io.out(describeSeeded(seeded, config.publicUrl, loginLinkUrl(config.publicUrl, link)));
        }
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
