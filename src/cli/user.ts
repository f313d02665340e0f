/** `user password | login-link`: sign-in to the dashboard (/app) for a user of the store. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Config } from '../config.ts';
import { secretToken } from '../domain/ids.ts';
import { createLoginLink, setUserPassword } from '../tenancy/sign-in.ts';
import { noPositionals, parse } from './args.ts';
import { CliError, EXIT } from './errors.ts';
import type { Io } from './io.ts';
import { withStore } from './with-store.ts';

export async function userCommand(config: Config, io: Io, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'password':
      return userPassword(config, io, rest);
    case 'login-link':
      return userLoginLink(config, io, rest);
    default:
      throw new CliError(`user: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}`, {
        exitCode: EXIT.usage,
        withUsage: true,
      });
  }
}

function requireUser(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new CliError('--user ID is required');
  return value;
}

/** The new password: typed at a prompt (not echoed) on a terminal, else the first line of stdin. */
async function readPassword(io: Io): Promise<string> {
  const terminal = process.stdin.isTTY === true;
  if (terminal) io.err('New password: ');
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const lines = createInterface({ input: process.stdin, output: muted, terminal });
  try {
    for await (const line of lines) return line;
  } finally {
    lines.close();
    if (terminal) io.err('\n');
  }
  throw new CliError('no password on stdin: pipe one in, or use --generate');
}

async function userPassword(config: Config, io: Io, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    user: { type: 'string' },
    generate: { type: 'boolean' },
  });
  noPositionals(positionals, 'user password');
  const userId = requireUser(values.user);
  const password = values.generate ? secretToken(15) : await readPassword(io);
  await withStore(config, io, (store) => setUserPassword({ store }, userId, password));
  if (values.generate) io.out(`${password}\n`);
  io.err(`Password set for user ${userId}; its other dashboard sessions have ended.\n`);
  return EXIT.ok;
}

/** The URL of a one-time sign-in link: what `user login-link` and a first `start` print. */
export function loginLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/app/login/${token}`;
}

async function userLoginLink(config: Config, io: Io, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { user: { type: 'string' }, json: { type: 'boolean' } });
  noPositionals(positionals, 'user login-link');
  const userId = requireUser(values.user);
  const ttl = config.dashboard.loginLinkSeconds;
  const token = await withStore(config, io, (store) => createLoginLink({ store }, userId, ttl));
  const url = loginLinkUrl(config.publicUrl, token);
  const expiresAt = new Date(Date.now() + ttl * 1000).toISOString();
  io.out(values.json ? `${JSON.stringify({ url, expiresAt })}\n` : `${url}\n`);
  if (!values.json) io.err(`One-time sign-in link for user ${userId}, valid until ${expiresAt}.\n`);
  return EXIT.ok;
}
