import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CliError } from './errors.ts';

export type OptionsSpec = NonNullable<ParseArgsConfig['options']>;

export function parse(args: string[], options: OptionsSpec) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message, { withUsage: true });
  }
}

export function noPositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) throw new CliError(`${command}: unexpected argument "${positionals[0]}"`);
}

/** For commands that take no options and no arguments. */
export function noArguments(args: string[], command: string): void {
  noPositionals(parse(args, {}).positionals, command);
}
