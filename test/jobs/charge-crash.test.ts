/**
 * Crash safety of auto-payment through the real CLI: a batch of due charges run by a `hl-invoices
 * worker` process that is killed with SIGKILL mid-batch and started again, once with the test provider
 * (slowed by TEST_PROVIDER_CHARGE_DELAY_MS) and once live through the real Stripe SDK and the fake Stripe
 * (which holds its answers after taking the money), so the kill lands while charges are at the provider.
 * Every charge ends succeeded with exactly one ledger row; the provider may be called twice for a charge
 * in flight at the kill, always with the same idempotency key, and so takes the money once.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../../src/config.ts';
import { setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { autoPaidInvoice, PAST, send, sendBody } from '../fixtures/charges.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { type FakeStripe, startFakeStripe } from '../fixtures/fake-stripe.ts';
import { createInvoice } from '../fixtures/invoices.ts';

const TOTAL = 40;
const CONCURRENCY = 4;
const DELAY_MS = 300;
const DELIVERY_TIMEOUT_SECONDS = 5;
const QUEUE_MAINTENANCE_SECONDS = 1;

const root = path.resolve(import.meta.dirname, '..', '..');

let ctx: TestContext;
let fake: FakeStripe;
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
  fake = await startFakeStripe({
    replyDelayMs: (request) => (request.path === '/v1/payment_intents' ? DELAY_MS : 0),
  });
  // The API only: every charge is made by the worker children.
  ctx = await setupApp({ ...overrides, payments: { stripe: fake.providerOptions() } });
});

after(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child, 10_000).catch(() => {});
  }
  await ctx?.close();
  await fake?.close();
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
      STRIPE_SECRET_KEY: fake.providerOptions().secretKey,
      STRIPE_WEBHOOK_SECRET: fake.providerOptions().webhookSecret,
      STRIPE_API_URL: fake.providerOptions().apiUrl,
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

async function chargeStatuses(invoices: string[]) {
  return ctx.store.db
    .selectFrom('charges')
    .select(['id', 'idempotency_key', 'status'])
    .where('invoice_id', 'in', invoices)
    .execute();
}

/** What the provider was asked: per idempotency key, how often, and the payment it made (ref, amount). */
interface ProviderCall {
  key: string;
  calls: number;
  payments: Array<{ ref: string; amount: number }>;
}

interface Provider {
  name: string;
  /** A due invoice sent with auto-payment by one of this provider's methods. */
  invoice(): Promise<string>;
  calls(): Promise<ProviderCall[]>;
}

const testProvider: Provider = {
  name: 'the test provider',
  invoice: () => autoPaidInvoice(ctx, 'pm_card_visa', PAST),
  async calls() {
    const rows = await ctx.store.db.selectFrom('test_provider_charges').selectAll().execute();
    return rows.map((r) => ({
      key: r.idempotency_key,
      calls: r.calls,
      payments: [{ ref: r.ref, amount: r.amount }],
    }));
  },
};

const stripe: Provider = {
  name: 'Stripe',
  async invoice() {
    const customer = fake.createCustomer({ email: 'alex@example.com' });
    const method = fake.saveMethod(customer, 'pm_card_visa');
    const created = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId, {
      ...PAST,
      liveMode: true,
    });
    const autoPayment = { enable: true, customerId: customer, paymentMethodId: method };
    const res = await send(
      ctx,
      created._id,
      sendBody(ctx, { liveMode: true, action: 'send_manually', autoPayment }),
    );
    assert.equal(res.statusCode, 200, res.body);
    return created._id;
  },
  async calls() {
    // PaymentIntents as the fake Stripe made them, and the requests it was sent, per idempotency key.
    const byKey = new Map<string, ProviderCall>();
    const entry = (key: string) =>
      byKey.get(key) ?? byKey.set(key, { key, calls: 0, payments: [] }).get(key)!;
    for (const r of fake.requests)
      if (r.method === 'POST' && r.path === '/v1/payment_intents' && r.idempotencyKey)
        entry(r.idempotencyKey).calls += 1;
    for (const c of fake.creations('payment_intent')) {
      const intent = fake.get(c.id) as unknown as { amount: number };
      entry(c.idempotencyKey ?? `none:${c.id}`).payments.push({ ref: c.id, amount: intent.amount });
    }
    return [...byKey.values()];
  },
};

for (const provider of [testProvider, stripe]) {
  test(`${provider.name}: a worker killed mid-batch charges nobody twice after a restart`, {
    timeout: 180_000,
  }, async (t) => {
    const invoices: string[] = [];
    for (let i = 0; i < TOTAL; i++) invoices.push(await provider.invoice());
    assert.equal((await chargeStatuses(invoices)).length, TOTAL);

    try {
      const first = spawnWorker();
      await waitFor(
        'a dozen charges at the provider',
        async () => (await provider.calls()).length >= 12,
        60_000,
        5,
      );
      first.kill('SIGKILL');
      await exited(first, 10_000);
      // Nothing charges now: this is the state at the kill.
      const atKill = await chargeStatuses(invoices);
      const inFlight = new Set(atKill.filter((c) => c.status === 'charging').map((c) => c.idempotency_key));
      const doneAtKill = atKill.filter((c) => c.status === 'succeeded').length;
      assert.ok(doneAtKill < TOTAL, `the kill came too late (${doneAtKill} charged)`);
      assert.ok(inFlight.size > 0, 'the kill came while no charge was under way');
      assert.ok(inFlight.size <= CONCURRENCY, `${inFlight.size} in flight with concurrency ${CONCURRENCY}`);

      const second = spawnWorker();
      await waitFor(
        `all ${TOTAL} charges succeeded`,
        async () => (await chargeStatuses(invoices)).every((c) => c.status === 'succeeded'),
        120_000,
        250,
      );
      second.kill('SIGTERM');
      await exited(second, 30_000);

      const calls = await provider.calls();
      assert.equal(calls.length, TOTAL, 'one idempotency key per charge');
      for (const call of calls) {
        assert.equal(call.payments.length, 1, `${call.key}: one payment at the provider`);
        if (call.calls > 1) assert.ok(inFlight.has(call.key), `${call.key} called twice`);
      }
      const payments = await ctx.store.db
        .selectFrom('payments')
        .selectAll()
        .where('invoice_id', 'in', invoices)
        .execute();
      assert.equal(payments.length, TOTAL, 'one ledger row per charge');
      const byRef = new Map(payments.map((p) => [p.provider_ref, p]));
      for (const call of calls) {
        const [made] = call.payments;
        const payment = byRef.get(made!.ref);
        assert.ok(payment, `no payment for ${call.key}`);
        assert.equal(payment.status, 'succeeded');
        assert.equal(payment.amount, made!.amount);
      }
      const rows = await ctx.store.db
        .selectFrom('invoices')
        .select(['status', 'total', 'amount_paid'])
        .where('id', 'in', invoices)
        .execute();
      for (const row of rows) {
        assert.equal(row.status, 'paid');
        assert.equal(row.amount_paid, row.total, 'paid once, not twice');
      }
      const receipts = await ctx.store.db
        .selectFrom('deliveries')
        .select('request')
        .where('invoice_id', 'in', invoices)
        .execute();
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
}
