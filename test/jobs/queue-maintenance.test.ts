/**
 * pg-boss maintenance (expiring a killed worker's jobs, archiving finished ones) runs only in processes
 * that run workers: `worker` and `serve` do, `serve --no-workers` and build() without workers never do.
 * pg-boss stamps each run in pgboss.version.maintained_on, one per database, so each kind of process
 * here has a database of its own. The API processes start first; by the time each worker process has run
 * maintenance twice (with QUEUE_MAINTENANCE_SECONDS=1), they have had every chance to run it once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { build } from '../../src/app.ts';
import { createTestDatabase, testConfig } from '../fixtures/app.ts';
import { freePort, health, launch, type Running, stopGracefully, until } from '../fixtures/cli.ts';

const MAINTENANCE_SECONDS = 1;
/** Bounded waits; nothing here asserts how long anything took. */
const WAIT_MS = 60_000;

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

const config = testConfig({
  delivery: { ...testConfig().delivery, queueMaintenanceSeconds: MAINTENANCE_SECONDS },
});
const databases: TestDatabase[] = [];
const running: Running[] = [];
const apps: FastifyInstance[] = [];

async function database(): Promise<TestDatabase> {
  const created = await createTestDatabase();
  databases.push(created);
  return created;
}

/** When pg-boss last ran maintenance on this database: null never, undefined before its schema exists. */
async function maintainedOn(url: string): Promise<Date | null | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`select to_regclass('pgboss.version') is not null as ok`);
    if (!exists.rows[0].ok) return undefined;
    const { rows } = await client.query('select maintained_on from pgboss.version');
    return rows[0]?.maintained_on ?? null;
  } finally {
    await client.end();
  }
}

/** Waits for two maintenance runs on this database: a first stamp, then a later one. */
async function twoMaintenanceRuns(what: string, url: string): Promise<void> {
  const first = await until(
    `${what}: a maintenance run`,
    async () => (await maintainedOn(url)) ?? undefined,
    WAIT_MS,
  );
  await until(
    `${what}: a second maintenance run`,
    async () => ((await maintainedOn(url))! > first ? true : undefined),
    WAIT_MS,
  );
}

function start(args: string[], url: string, extra: Record<string, string> = {}): Running {
  const child = launch(args, {
    DATABASE_URL: url,
    QUEUE_MAINTENANCE_SECONDS: String(MAINTENANCE_SECONDS),
    TWILIO_ACCOUNT_SID: '',
    TWILIO_AUTH_TOKEN: '',
    TWILIO_FROM: '',
    SMTP_URL: '',
    ...extra,
  });
  running.push(child);
  return child;
}

let apiOnly: TestDatabase;
let buildMaintenanceEvents = 0;

before(async () => {
  apiOnly = await database();
  // The API processes first: build() as the tests use it, and `serve --no-workers`.
  const app = await build({ config, databaseUrl: apiOnly.url });
  apps.push(app);
  app.boss.on('maintenance', () => {
    buildMaintenanceEvents++;
  });
  await app.ready();
  const port = await freePort();
  start(['serve', '--no-workers'], apiOnly.url, { PORT: String(port) });
  await until('serve --no-workers', () => health(port), WAIT_MS);
});

after(async () => {
  for (const child of running) {
    if (child.child.exitCode === null) await stopGracefully(child).catch(() => child.child.kill('SIGKILL'));
  }
  for (const app of apps) await app.close();
  for (const created of databases) await created.drop();
});

test('worker and serve run queue maintenance; serve --no-workers and build() without workers never do', {
  timeout: 180_000,
}, async () => {
  const workerOnly = await database();
  const apiAndWorkers = await database();
  const withWorkers = await database();
  const port = await freePort();
  start(['worker'], workerOnly.url);
  start(['serve'], apiAndWorkers.url, { PORT: String(port) });
  // build() told that workers run in its process (as serve would).
  const app = await build({ config, databaseUrl: withWorkers.url, queueMaintenance: true });
  apps.push(app);
  let maintenanceEvents = 0;
  app.boss.on('maintenance', () => {
    maintenanceEvents++;
  });

  await twoMaintenanceRuns('worker', workerOnly.url);
  await twoMaintenanceRuns('serve', apiAndWorkers.url);
  await until(
    'build() with queueMaintenance: a maintenance run',
    async () => maintenanceEvents > 0 || undefined,
    WAIT_MS,
  );

  assert.equal(await maintainedOn(apiOnly.url), null, 'an API-only process ran maintenance');
  assert.equal(buildMaintenanceEvents, 0);
  for (const child of running) assert.equal(child.child.exitCode, null, child.output.stderr);
});
