import type { Config } from '../config.ts';
import { openDatabase } from '../server.ts';
import { noArguments } from './args.ts';
import { EXIT } from './errors.ts';
import type { Io } from './io.ts';

/** `migrate`: opening the database applies what is pending; this prints what that was. */
export async function migrateCommand(config: Config, io: Io, args: string[]): Promise<number> {
  noArguments(args, 'migrate');
  const database = await openDatabase(config);
  await database.stop();
  if (database.applied.length === 0) io.out('The database is up to date; no migration to apply.\n');
  for (const name of database.applied) io.out(`applied ${name}\n`);
  return EXIT.ok;
}
