/**
 * Crash safety of auto-payment through the real CLI: a batch of due charges run by a `hl-invoices
 * worker` process that is killed with SIGKILL mid-batch and started again. The test provider is slowed
 * (TEST_PROVIDER_CHARGE_DELAY_MS) so the kill lands while charges are at the provider. Every charge ends
 * succeeded with exactly one ledger row; the provider may be called twice for a charge in flight at the
 * kill, always with the same idempotency key, and so takes the money once.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../src/config.ts';
import { setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { autoPaidInvoice, PAST } from '../fixtures/charges.ts';
import { waitFor } from '../fixtures/deliveries.ts';

const TOTAL = 40;
const CONCURRENCY = 4;
const DELAY_MS = 300;
const DELIVERY_TIMEOUT_SECONDS = 5;
const QUEUE_MAINTENANCE_SECONDS = 1;

const root = path.resolve(import.meta.dirname, '..', '..');

let ctx: TestContext;
const children: ChildProcess[] = [];
const childOutput: string[] = [];

before(async () => {
  const overrides: Partial<Config> = {
    delivery: {
      ...testConfig().delivery,
      deliveryTimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
      queueMaintenanceSeconds: QUEUE_MAINTENANCE_SECONDS,
    },
  };
  // The API only: every charge is made by the worker children.
  ctx = await setupApp(overrides);
});

after(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child, 10_000).catch(() => {});
  }
  await ctx?.close();
});

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['bin/hl-invoices.js', 'worker'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: ctx.databaseUrl,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'warn',
      DELIVERY_TIMEOUT_SECONDS: String(DELIVERY_TIMEOUT_SECONDS),
      QUEUE_MAINTENANCE_SECONDS: String(QUEUE_MAINTENANCE_SECONDS),
      TEST_PROVIDER_CHARGE_DELAY_MS: String(DELAY_MS),
      SMTP_URL: '',
      TWILIO_ACCOUNT_SID: '',
      TWILIO_AUTH_TOKEN: '',
      TWILIO_FROM: '',
    },
  });
  child.stderr?.on('data', (chunk: Buffer) => childOutput.push(chunk.toString('utf8')));
  children.push(child);
  return child;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${child.pid} did not exit`)), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function chargeStatuses() {
  return ctx.store.db.selectFrom('charges').select(['id', 'idempotency_key', 'status']).execute();
}

async function providerCalls() {
  return ctx.store.db.selectFrom('test_provider_charges').selectAll().execute();
}

test('a worker killed mid-batch charges nobody twice after a restart', { timeout: 180_000 }, async (t) => {
  const invoices: string[] = [];
  for (let i = 0; i < TOTAL; i++) invoices.push(await autoPaidInvoice(ctx, 'pm_card_visa', PAST));
  assert.equal((await chargeStatuses()).length, TOTAL);

  try {
    const first = spawnWorker();
    await waitFor(
      'a dozen charges at the provider',
      async () => (await providerCalls()).length >= 12,
      60_000,
      5,
    );
    first.kill('SIGKILL');
    await exited(first, 10_000);
    // Nothing charges now: this is the state at the kill.
    const atKill = await chargeStatuses();
    const inFlight = new Set(atKill.filter((c) => c.status === 'charging').map((c) => c.idempotency_key));
    const doneAtKill = atKill.filter((c) => c.status === 'succeeded').length;
    assert.ok(doneAtKill < TOTAL, `the kill came too late (${doneAtKill} charged)`);
    assert.ok(inFlight.size > 0, 'the kill came while no charge was under way');
    assert.ok(inFlight.size <= CONCURRENCY, `${inFlight.size} in flight with concurrency ${CONCURRENCY}`);

    const second = spawnWorker();
    await waitFor(
      `all ${TOTAL} charges succeeded`,
      async () => (await chargeStatuses()).every((c) => c.status === 'succeeded'),
      120_000,
      250,
    );
    second.kill('SIGTERM');
    await exited(second, 30_000);

    const calls = await providerCalls();
    assert.equal(calls.length, TOTAL, 'one provider charge per idempotency key');
    for (const call of calls) {
      if (call.calls > 1)
        assert.ok(inFlight.has(call.idempotency_key), `${call.idempotency_key} called twice`);
    }
    const payments = await ctx.store.db.selectFrom('payments').selectAll().execute();
    assert.equal(payments.length, TOTAL, 'one ledger row per charge');
    const byRef = new Map(payments.map((p) => [p.provider_ref, p]));
    for (const call of calls) {
      const payment = byRef.get(call.ref);
      assert.ok(payment, `no payment for ${call.idempotency_key}`);
      assert.equal(payment.status, 'succeeded');
      assert.equal(payment.amount, call.amount);
    }
    const rows = await ctx.store.db
      .selectFrom('invoices')
      .select(['status', 'total', 'amount_paid'])
      .execute();
    for (const row of rows) {
      assert.equal(row.status, 'paid');
      assert.equal(row.amount_paid, row.total, 'paid once, not twice');
    }
    const receipts = await ctx.store.db.selectFrom('deliveries').select('request').execute();
    assert.equal(receipts.filter((r) => r.request.kind === 'receipt').length, TOTAL, 'one receipt each');
    const repeated = calls.filter((c) => c.calls > 1).length;
    t.diagnostic(
      `killed with ${doneAtKill} charged and ${inFlight.size} in flight; ${repeated} provider calls repeated`,
    );
  } catch (error) {
    await sleep(100);
    if (childOutput.length > 0) t.diagnostic(`worker stderr:\n${childOutput.join('').slice(-4000)}`);
    throw error;
  }
});
