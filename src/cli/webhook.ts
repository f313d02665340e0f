/** `webhook add | list | remove | replay | public-key`: webhook subscriptions of the store (docs/webhooks.md). */
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import type { WebhookContext } from '../webhooks/context.ts';
import { replayDelivery } from '../webhooks/delivery-log.ts';
import { publicKeyInfo } from '../webhooks/signing.ts';
import {
  addLocationSubscription,
  listSubscriptions,
  removeSubscription,
  type SubscriptionView,
} from '../webhooks/subscriptions.ts';
import { noPositionals, parse } from './args.ts';
import { CliError, EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { withStore } from './with-store.ts';

type Sub = (config: Config, io: Io, args: string[]) => Promise<number>;

/** No queue here: the workers' fan-out loop wakes what the CLI adds within a second. */
const contextOf = (config: Config, store: Store): WebhookContext => ({ store, config: config.webhooks });

const describe = (w: SubscriptionView) =>
  `${w.id}  location ${w.altId}  ${w.url}  events ${w.events.length === 0 ? 'all' : w.events.join(',')}` +
  `${w.appId ? `  appId ${w.appId}` : ''}\n`;

function onePositional(positionals: string[], command: string, what: string): string {
  if (positionals.length !== 1) throw new CliError(`${command}: give exactly one ${what}`);
  return positionals[0]!;
}

const add: Sub = async (config, io, args) => {
  const { values, positionals } = parse(args, {
    location: { type: 'string' },
    url: { type: 'string' },
    events: { type: 'string' },
    'app-id': { type: 'string' },
    json: { type: 'boolean' },
  });
  noPositionals(positionals, 'webhook add');
  const locationId = values.location as string | undefined;
  const url = values.url as string | undefined;
  if (locationId === undefined || url === undefined)
    throw new CliError('webhook add: give --location ID and --url URL');
  const events = (values.events as string | undefined)
    ?.split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const appId = values['app-id'] as string | undefined;
  const created = await withStore(config, io, (store) =>
    addLocationSubscription(contextOf(config, store), {
      locationId,
      url,
      ...(events ? { events } : {}),
      ...(appId ? { appId } : {}),
    }),
  );
  io.out(values.json ? `${JSON.stringify(created)}\n` : `Added webhook ${describe(created)}`);
  return EXIT.ok;
};

const list: Sub = async (config, io, args) => {
  const { values, positionals } = parse(args, { location: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals(positionals, 'webhook list');
  const found = await withStore(config, io, (store) =>
    listSubscriptions(contextOf(config, store), values.location as string | undefined),
  );
  if (values.json) io.out(`${JSON.stringify(found)}\n`);
  else io.out(found.length === 0 ? 'No webhook subscriptions\n' : found.map(describe).join(''));
  return EXIT.ok;
};

const remove: Sub = async (config, io, args) => {
  const id = onePositional(parse(args, {}).positionals, 'webhook remove', 'subscription id');
  await withStore(config, io, (store) => removeSubscription(contextOf(config, store), id));
  io.out(`Removed webhook ${id}\n`);
  return EXIT.ok;
};

const replay: Sub = async (config, io, args) => {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  const id = onePositional(positionals, 'webhook replay', 'delivery id');
  const replayed = await withStore(config, io, (store) => replayDelivery(contextOf(config, store), id));
  io.out(
    values.json
      ? `${JSON.stringify(replayed)}\n`
      : `Queued delivery ${replayed.deliveryId} (${replayed.event}, webhookId ${replayed.webhookId}), a replay of ${id}\n`,
  );
  return EXIT.ok;
};

const publicKey: Sub = async (config, io, args) => {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  noPositionals(positionals, 'webhook public-key');
  const key = await withStore(config, io, (store) => publicKeyInfo(store));
  io.out(
    values.json
      ? `${JSON.stringify(key)}\n`
      : key.publicKey.endsWith('\n')
        ? key.publicKey
        : `${key.publicKey}\n`,
  );
  return EXIT.ok;
};

const SUBCOMMANDS: Record<string, Sub> = { add, list, remove, replay, 'public-key': publicKey };

export async function webhookCommand(config: Config, io: Io, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const run = sub !== undefined && Object.hasOwn(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
  if (run === undefined) {
    throw new CliError(`webhook: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}`, {
      exitCode: EXIT.usage,
      withUsage: true,
    });
  }
  return run(config, io, rest);
}
