/**
 * Crash safety of the delivery loop: a worker process killed with SIGKILL mid-run, then started again,
 * delivers every message at least once, and only the messages it was sending at the kill may go twice.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type PgBoss from 'pg-boss';
import { deliveryQueue } from '../src/jobs/deliveries.ts';
import { startQueue } from '../src/jobs/queue.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { insertInvoice, waitFor } from './fixtures/deliveries.ts';
import { createTestDatabase, seedTenant } from './helpers.ts';

const TOTAL = 200;
const CONCURRENCY = 8;
const RETRY = { retryLimit: 5, retryDelay: 1, retryBackoff: false, expireInSeconds: 5 };

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
let database: { url: string; drop: () => Promise<void> };
let store: Store;
let boss: PgBoss;
let tmp: string;
const children: ChildProcess[] = [];

before(async () => {
  database = await createTestDatabase();
  store = openStore(database.url, { max: 5 });
  boss = await startQueue(database.url, { retry: RETRY, maintenanceIntervalSeconds: 1 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-worker-crash-'));
});

after(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await boss?.stop({ graceful: false, wait: true });
  await store?.close();
  await database?.drop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function spawnWorker(outFile: string): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test/fixtures/worker-process.ts')],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        OUT_FILE: outFile,
        CONCURRENCY: String(CONCURRENCY),
        DELAY_MS: '40',
        // The message is out but the row not yet 'sent': the window in which a kill causes a duplicate.
        AFTER_DELAY_MS: '40',
        EXPIRE_IN_SECONDS: String(RETRY.expireInSeconds),
        MAINTENANCE_INTERVAL_SECONDS: '1',
        RETRY_LIMIT: String(RETRY.retryLimit),
        RETRY_DELAY: String(RETRY.retryDelay),
      },
    },
  );
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function lines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

test('a worker killed mid-run loses nothing and repeats only what was in flight', {
  timeout: 240_000,
}, async () => {
  const tenant = await seedTenant(store);
  const invoiceId = await insertInvoice(store.db, tenant);
  const queue = deliveryQueue(boss);
  const deliveries = await store.db.transaction().execute(async (trx) => {
    const out: Array<{ id: string; messageId: string }> = [];
    for (let i = 0; i < TOTAL; i++) {
      out.push(
        await queue.createDelivery(trx, {
          invoiceId,
          locationId: tenant.locationId,
          sendEventId: 'crash-send',
          channel: 'email',
          transport: 'smtp',
          recipient: `customer${i}@example.com`,
        }),
      );
    }
    return out;
  });

  const outFile = path.join(tmp, 'sent.txt');
  const first = spawnWorker(outFile);
  await waitFor('50 messages out', async () => lines(outFile).length >= 50, 60_000, 5);
  first.kill('SIGKILL');
  await exited(first);
  const linesAtKill = lines(outFile).length;
  const atKill = await store.db.selectFrom('deliveries').select(['message_id', 'status']).execute();
  const sendingAtKill = new Set(atKill.filter((r) => r.status === 'sending').map((r) => r.message_id));
  assert.ok(linesAtKill < TOTAL, `the kill came too late to test anything (${linesAtKill} lines)`);

  const second = spawnWorker(outFile);
  await waitFor(
    `all ${TOTAL} deliveries sent`,
    async () => {
      const row = await store.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow();
      return Number(row.n) === TOTAL;
    },
    120_000,
    200,
  );
  second.kill('SIGTERM');
  await exited(second);

  const sent = lines(outFile);
  const counts = new Map<string, number>();
  for (const id of sent) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const d of deliveries) assert.ok(counts.has(d.messageId), `${d.messageId} was never sent`);
  assert.equal(counts.size, TOTAL, 'only our messages were sent');
  const duplicated = [...counts].filter(([, n]) => n > 1);
  assert.ok(
    sent.length - TOTAL <= CONCURRENCY,
    `${sent.length - TOTAL} duplicate lines; at most ${CONCURRENCY} messages can be in flight`,
  );
  for (const [messageId, n] of duplicated) {
    assert.equal(n, 2, `${messageId} sent ${n} times`);
    assert.ok(sendingAtKill.has(messageId), `${messageId} was sent twice but was not in flight at the kill`);
  }
  const rows = await store.db.selectFrom('deliveries').select(['message_id', 'attempts', 'status']).execute();
  for (const r of rows) {
    if (sendingAtKill.has(r.message_id)) assert.ok(r.attempts >= 2, `${r.message_id} was retried`);
  }
  const events = await store.db
    .selectFrom('invoice_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'delivery_sent')
    .executeTakeFirstOrThrow();
  assert.equal(Number(events.n), TOTAL);
  console.log(
    `# killed at ${linesAtKill} lines with ${sendingAtKill.size} in flight; ${duplicated.length} sent twice`,
  );
});
