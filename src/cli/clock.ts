/** `clock show|advance --location ID [--by 7d]`: a location's test clock (docs/decisions.md "Test clock"). */
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { advanceTestClock, getTestClock, parseDuration, type TestClock } from '../invoicing/test-clock.ts';
import { noPositionals, parse } from './args.ts';
import { CliError, EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { withStore } from './with-store.ts';

export async function clockCommand(config: Config, io: Io, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'show' && sub !== 'advance') {
    throw new CliError(`clock: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}`, {
      exitCode: EXIT.usage,
      withUsage: true,
    });
  }
  const { values, positionals } = parse(rest, {
    location: { type: 'string' },
    by: { type: 'string' },
    json: { type: 'boolean' },
  });
  noPositionals(positionals, `clock ${sub}`);
  const locationId = values.location as string | undefined;
  if (locationId === undefined) throw new CliError(`clock ${sub}: give --location ID`);
  let seconds: number | undefined;
  if (sub === 'advance') {
    const by = values.by as string | undefined;
    seconds = by === undefined ? undefined : parseDuration(by);
    if (seconds === undefined) throw new CliError('clock advance: give --by as 90s, 30m, 12h, 7d or 2w');
  } else if (values.by !== undefined) throw new CliError('clock show: --by is for clock advance');
  let clock: TestClock;
  try {
    clock = await withStore(config, io, (store) =>
      seconds === undefined
        ? getTestClock({ store }, locationId)
        : advanceTestClock({ store }, locationId, { seconds }),
    );
  } catch (err) {
    if (err instanceof AppError) throw new CliError(`clock ${sub}: ${err.message}`);
    throw err;
  }
  if (values.json === true) io.out(`${JSON.stringify(clock)}\n`);
  else
    io.out(
      `Location ${locationId}: test-mode time ${clock.now} (${clock.offsetSeconds} s ahead of the real time)\n`,
    );
  return EXIT.ok;
}
