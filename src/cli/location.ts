/** `location stripe-account --location ID (--account acct_... | --clear)`: a location's own Stripe account. */
import type { Config } from '../config.ts';
import { setLocationStripeAccount } from '../tenancy/locations.ts';
import { noPositionals, parse } from './args.ts';
import { CliError, EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { withStore } from './with-store.ts';

export async function locationCommand(config: Config, io: Io, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'stripe-account') {
    throw new CliError(`location: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}`, {
      exitCode: EXIT.usage,
      withUsage: true,
    });
  }
  const { values, positionals } = parse(rest, {
    location: { type: 'string' },
    account: { type: 'string' },
    clear: { type: 'boolean' },
  });
  noPositionals(positionals, 'location stripe-account');
  const locationId = values.location as string | undefined;
  const account = values.account as string | undefined;
  if (locationId === undefined) throw new CliError('location stripe-account: give --location ID');
  if ((account === undefined) === (values.clear !== true)) {
    throw new CliError('location stripe-account: give exactly one of --account acct_... or --clear');
  }
  await withStore(config, io, (store) => setLocationStripeAccount({ store }, locationId, account ?? null));
  io.out(
    account === undefined
      ? `Location ${locationId} now takes payments on the platform's Stripe account\n`
      : `Location ${locationId} now takes payments on Stripe account ${account}\n`,
  );
  return EXIT.ok;
}
