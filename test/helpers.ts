import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { build } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { type QueueOptions, startQueue } from '../src/jobs/queue.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { createCompany } from '../src/tenancy/init-store.ts';
import { createLocation } from '../src/tenancy/locations.ts';
import { createToken } from '../src/tenancy/tokens.ts';
import { createUser } from '../src/tenancy/users.ts';

export const VERSION = '2021-07-28';

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('run the tests with `npm test` (it provides a PostgreSQL server)');
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh database for one test file, migrated; drop() removes it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `hlt_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl(), name);
  const store = openStore(url, { max: 1 });
  await migrateToLatest(store.db);
  await store.close();
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    databaseUrl: undefined,
    publicUrl: 'http://127.0.0.1:3000',
    logLevel: 'silent',
    delivery: {
      smtpUrl: undefined,
      mailFrom: { name: 'Invoices', address: 'invoices@hl-invoices.test' },
      senderDomains: ['hl-invoices.test'],
      twilio: undefined,
      devOutbox: true,
      workerConcurrency: 4,
      deliveryTimeoutSeconds: 120,
      queueMaintenanceSeconds: 30,
    },
    ...overrides,
  };
}

export interface Tenant {
  companyId: string;
  locationId: string;
  userId: string;
  agencyToken: string;
  locationToken: string;
}

/** One company with one location, a user on it, an agency token and a location token (all scopes). */
export async function seedTenant(store: Store, name = 'Acme'): Promise<Tenant> {
  const ctx = { store };
  const company = await createCompany(ctx, { name: `${name} Agency` });
  const { id: locationId } = await createLocation(ctx, {
    companyId: company.id,
    name,
    email: 'billing@acme.test',
  });
  const userId = await createUser(ctx, {
    companyId: company.id,
    firstName: 'Ada',
    lastName: 'Admin',
    email: `ada-${locationId}@acme.test`,
    locationIds: [locationId],
  });
  const agency = await createToken(ctx, { kind: 'agency', companyId: company.id });
  const location = await createToken(ctx, { kind: 'location', companyId: company.id, locationId });
  return {
    companyId: company.id,
    locationId,
    userId,
    agencyToken: agency.token,
    locationToken: location.token,
  };
}

export interface TestContext {
  app: FastifyInstance;
  store: Store;
  /** The test database, for processes the test starts. */
  databaseUrl: string;
  tenant: Tenant;
  close: () => Promise<void>;
}

/**
 * An app on its own database with one seeded tenant. Call close() in after(). With `queue`, the app's
 * pg-boss is started with those options (a small retry policy, say) instead of the configuration's.
 */
export async function setupApp(
  configOverrides: Partial<Config> = {},
  options: { queue?: QueueOptions } = {},
): Promise<TestContext> {
  const database = await createTestDatabase();
  const store = openStore(database.url, { max: 20 });
  const boss = options.queue ? await startQueue(database.url, options.queue) : undefined;
  const app = await build({
    config: testConfig(configOverrides),
    databaseUrl: database.url,
    store,
    ...(boss ? { boss } : {}),
  });
  await app.ready();
  const tenant = await seedTenant(store);
  return {
    app,
    store,
    databaseUrl: database.url,
    tenant,
    async close() {
      await app.close();
      await boss?.stop({ graceful: true, wait: true });
      await store.close();
      await database.drop();
    },
  };
}

export function authHeaders(token: string): Record<string, string> {
  return { version: VERSION, authorization: `Bearer ${token}` };
}
