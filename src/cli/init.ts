import type { Config } from '../config.ts';
import { initStore } from '../tenancy/init-store.ts';
import { noPositionals, parse } from './args.ts';
import { EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { describeSeeded, seededJson } from './seeded.ts';
import { withStore } from './with-store.ts';

/** `init [--json]`: seeds an empty store; on one that holds data it changes nothing. */
export async function initCommand(config: Config, io: Io, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  noPositionals(positionals, 'init');
  const seeded = await withStore(config, io, (store) => initStore({ store }));
  if (!seeded) {
    io.err(
      'The store already holds data; init changed nothing. Use `hl-invoices token create` for more tokens.\n',
    );
    return EXIT.notEmpty;
  }
  io.out(values.json ? `${JSON.stringify(seededJson(seeded))}\n` : describeSeeded(seeded, config.publicUrl));
  return EXIT.ok;
}
