/**
 * Scale-out crash safety (issue #11 item 16): two `serve --no-workers` API processes and one `worker` on
 * one PostgreSQL, under concurrent create, send, record-payment and void, with one of the three killed
 * by SIGKILL (and started again) every couple of seconds. Afterwards every acknowledged write is there,
 * every queued message went out, and nothing happened twice: one delivery per send (sends carry an
 * Idempotency-Key and are retried on another process), a message repeated only when it was in flight at
 * a worker's kill, and no invoice's ledger over its total. A webhook subscription gets every event of
 * every change exactly once from our side (one delivery per event), received at least once, repeated only
 * with the same webhookId and bytes when a worker was killed while the receiver had it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore, type Store } from '../../src/store/db.ts';
import { authHeaders, createTestDatabase, seedTenant, type Tenant } from '../fixtures/app.ts';
import { freePort, health, launch, type Running, until } from '../fixtures/cli.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { invoiceBody } from '../fixtures/invoices.ts';
import { startSmtpServer } from '../fixtures/servers.ts';
import { startWebhookReceiver } from '../fixtures/webhook-receiver.ts';

/** At least this many invoices, and load until KILLS kills are done. */
const INVOICES = 60;
const KILLS = 6;
const CLIENTS = 4;
const CONCURRENCY = 4;
const KILL_EVERY_MS = 1500;
/** Small queue timings so the jobs of a killed worker come back within seconds. */
const DELIVERY_TIMEOUT_SECONDS = 5;
const QUEUE_MAINTENANCE_SECONDS = 1;
const TOTAL_CENTS = 201_900; // invoiceBody: 2 x 999.50 + 20.00

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let store: Store;
let tenant: Tenant;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
const processes: Array<{ name: string; args: string[]; port?: number; running?: Running }> = [];
let workerKills = 0;

function env(port?: number): Record<string, string> {
  return {
    DATABASE_URL: database.url,
    SMTP_URL: smtp.url,
    ...(port ? { PORT: String(port), HOST: '127.0.0.1' } : {}),
    WORKER_CONCURRENCY: String(CONCURRENCY),
    DELIVERY_TIMEOUT_SECONDS: String(DELIVERY_TIMEOUT_SECONDS),
    QUEUE_MAINTENANCE_SECONDS: String(QUEUE_MAINTENANCE_SECONDS),
    MAIL_FROM: 'Invoices <invoices@hl-invoices.test>',
    TWILIO_ACCOUNT_SID: '',
    TWILIO_AUTH_TOKEN: '',
    TWILIO_FROM: '',
    STRIPE_SECRET_KEY: '',
    STRIPE_WEBHOOK_SECRET: '',
    LOG_LEVEL: 'warn',
    // The load is one token's: HighLevel's 100 per 10 s would throttle it.
    RATE_LIMIT_BURST: '0',
    RATE_LIMIT_DAILY: '0',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
    WEBHOOK_RETRY_BASE_SECONDS: '0.2',
  };
}

async function start(p: (typeof processes)[number]): Promise<void> {
  const running = launch(p.args, env(p.port));
  p.running = running;
  const port = p.port;
  const ready =
    port !== undefined
      ? () => health(port)
      : async () => (running.output.stderr.includes('hl-invoices worker:') ? true : undefined);
  await until(`${p.name} to start`, ready, 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\n${running.output.stderr}`);
  });
}

async function kill(p: (typeof processes)[number]): Promise<void> {
  const running = p.running!;
  running.child.kill('SIGKILL');
  await running.exited;
}

before(async () => {
  database = await createTestDatabase();
  store = openStore(database.url, { max: 4 });
  tenant = await seedTenant(store);
  smtp = await startSmtpServer({ replyDelayMs: () => 10 + Math.floor(Math.random() * 20) });
  receiver = await startWebhookReceiver(() => ({ delayMs: 5 + Math.floor(Math.random() * 20) }));
  processes.push(
    { name: 'api-1', args: ['serve', '--no-workers'], port: await freePort() },
    { name: 'api-2', args: ['serve', '--no-workers'], port: await freePort() },
    { name: 'worker', args: ['worker'] },
  );
  await Promise.all(processes.map(start));
});

after(async () => {
  for (const p of processes) {
    const child = p.running?.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await p.running?.exited;
  }
  await store?.close();
  await smtp?.close();
  await receiver?.close();
  await database?.drop();
});

const apis = () => processes.filter((p) => p.port !== undefined);

/**
 * One request to whichever API process answers. A request cut off by a kill is unacknowledged: it may
 * or may not have been committed, so only requests that are safe to repeat (`retry`) are sent again.
 */
async function call(
  method: string,
  url: string,
  body: unknown,
  options: { retry: boolean; headers?: Record<string, string> },
): Promise<{ status: number; json: Record<string, unknown> } | 'unacknowledged'> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const api = apis()[Math.floor(Math.random() * 2)]!;
    try {
      const res = await fetch(`http://127.0.0.1:${api.port}${url}`, {
        method,
        headers: {
          ...authHeaders(tenant.locationToken),
          'content-type': 'application/json',
          ...options.headers,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    } catch (error) {
      // Refused before it was sent: nothing happened, so any request may go to the other process.
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      if (!refused && !options.retry) return 'unacknowledged';
      await sleep(100);
    }
  }
  throw new Error(`${method} ${url}: no API process answered`);
}

interface Outcome {
  invoiceId: string;
  plan: 'pay' | 'halves' | 'void';
  sent: boolean;
  /** Minor units of the payments the API acknowledged, and of those it may have committed unseen. */
  acknowledgedPaid: number;
  unacknowledgedPaid: number;
  voided: boolean;
}

async function runInvoice(i: number): Promise<Outcome | undefined> {
  const q = `altId=${tenant.locationId}&altType=location`;
  const email = `customer${i}@example.com`;
  const created = await call(
    'POST',
    '/invoices/',
    invoiceBody(tenant.locationId, {
      name: `Invoice ${i}`,
      liveMode: true,
      contactDetails: { id: `contact-${i}`, name: `Customer ${i}`, email },
      sentTo: { email: [email] },
    }),
    { retry: false },
  );
  if (created === 'unacknowledged') return undefined;
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const invoiceId = created.json._id as string;
  const plan = (['pay', 'halves', 'void'] as const)[i % 3]!;
  const outcome: Outcome = {
    invoiceId,
    plan,
    sent: false,
    acknowledgedPaid: 0,
    unacknowledgedPaid: 0,
    voided: false,
  };

  const send = await call(
    'POST',
    `/invoices/${invoiceId}/send`,
    { altId: tenant.locationId, altType: 'location', userId: tenant.userId, action: 'email', liveMode: true },
    { retry: true, headers: { 'idempotency-key': `send-${invoiceId}` } },
  );
  assert.ok(send !== 'unacknowledged');
  assert.equal(send.status, 200, JSON.stringify(send.json));
  outcome.sent = true;

  const pay = async (cents: number) => {
    const res = await call(
      'POST',
      `/invoices/${invoiceId}/record-payment?${q}`,
      { altId: tenant.locationId, altType: 'location', mode: 'cash', amount: cents / 100 },
      { retry: false },
    );
    if (res === 'unacknowledged') outcome.unacknowledgedPaid += cents;
    else if (res.status === 200) outcome.acknowledgedPaid += cents;
    // A 400 is an amount over what is due: an earlier unacknowledged payment was committed after all.
    else assert.equal(res.status, 400, JSON.stringify(res.json));
  };
  if (plan === 'pay') await pay(TOTAL_CENTS);
  if (plan === 'halves') {
    await pay(TOTAL_CENTS / 2);
    await pay(TOTAL_CENTS / 2);
  }
  if (plan === 'void') {
    const res = await call(
      'POST',
      `/invoices/${invoiceId}/void?${q}`,
      { altId: tenant.locationId, altType: 'location' },
      { retry: true },
    );
    assert.ok(res !== 'unacknowledged');
    // A repeat of a void that was committed unseen answers 400 (already void).
    assert.ok(res.status === 200 || res.status === 400, JSON.stringify(res.json));
    outcome.voided = true;
  }
  return outcome;
}

/** Kills one of the three processes at random KILLS times, KILL_EVERY_MS apart, starting it again each time. */
async function chaos(): Promise<void> {
  for (let kills = 0; kills < KILLS; kills++) {
    await sleep(KILL_EVERY_MS);
    // One at a time, started again before the next: the load always has an API process to go to.
    const victim = processes[Math.floor(Math.random() * processes.length)]!;
    await kill(victim);
    if (victim.port === undefined) workerKills++;
    await start(victim);
  }
}

test('kill -9 of any API or worker process loses no acknowledged write and repeats nothing', {
  timeout: 600_000,
}, async (t) => {
  const subscribed = await call(
    'POST',
    '/webhooks/',
    { altId: tenant.locationId, altType: 'location', url: receiver.url },
    { retry: true },
  );
  assert.ok(subscribed !== 'unacknowledged' && subscribed.status === 200, JSON.stringify(subscribed));
  const killing = chaos().finally(() => {
    killed = true;
  });
  let killed = false;
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (!killed || next < INVOICES) {
        const outcome = await runInvoice(next++);
        if (outcome) outcomes.push(outcome);
        await sleep(150);
      }
    }),
  );
  await killing;
  assert.ok(outcomes.length >= next - KILLS * CLIENTS, `${outcomes.length} of ${next} invoices acknowledged`);

  // Every acknowledged invoice is there, in the state its acknowledged writes left it.
  for (const o of outcomes) {
    const invoice = await store.db
      .selectFrom('invoices')
      .select(['status', 'amount_paid'])
      .where('id', '=', o.invoiceId)
      .executeTakeFirst();
    assert.ok(invoice, `acknowledged invoice ${o.invoiceId} is missing`);
    const paid = Number(invoice.amount_paid);
    const ledger = await store.db
      .selectFrom('payments')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount'), eb.lit(0)).as('sum'))
      .where('invoice_id', '=', o.invoiceId)
      .where('status', '=', 'succeeded')
      .executeTakeFirstOrThrow();
    assert.equal(Number(ledger.sum), paid, `${o.invoiceId}: ledger and amountPaid differ`);
    assert.ok(paid <= TOTAL_CENTS, `${o.invoiceId} was paid ${paid}, more than its total`);
    assert.ok(paid >= o.acknowledgedPaid, `${o.invoiceId} lost an acknowledged payment`);
    assert.ok(paid <= o.acknowledgedPaid + o.unacknowledgedPaid, `${o.invoiceId} has a payment nobody made`);
    const expected = o.voided ? 'void' : paid === TOTAL_CENTS ? 'paid' : paid > 0 ? 'partially_paid' : 'sent';
    assert.equal(invoice.status, expected, `${o.invoiceId} (${o.plan}, paid ${paid})`);
  }

  // One delivery per send, however many times the send was retried on another process.
  const perInvoice = await store.db
    .selectFrom('deliveries')
    .select(['invoice_id', (eb) => eb.fn.countAll<string>().as('n')])
    .groupBy('invoice_id')
    .execute();
  const deliveriesOf = new Map(perInvoice.map((r) => [r.invoice_id, Number(r.n)]));
  for (const o of outcomes) assert.equal(deliveriesOf.get(o.invoiceId), 1, `${o.invoiceId} deliveries`);

  // Every queued message goes out, through the worker that is running now.
  const total = perInvoice.reduce((n, r) => n + Number(r.n), 0);
  await waitFor(
    `all ${total} deliveries sent`,
    async () => {
      const row = await store.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow();
      return Number(row.n) === total;
    },
    120_000,
    250,
  );
  const messageIds = await store.db.selectFrom('deliveries').select('message_id').execute();
  const received = new Map<string, number>();
  for (const mail of smtp.received) received.set(mail.messageId, (received.get(mail.messageId) ?? 0) + 1);
  for (const { message_id } of messageIds)
    assert.ok(received.has(message_id!), `${message_id} never arrived`);
  assert.equal(received.size, total, 'only our messages arrived');
  // A message arrives twice only when a worker was killed while the SMTP server had it.
  const repeated = smtp.received.length - total;
  assert.ok(
    repeated <= workerKills * CONCURRENCY,
    `${repeated} repeated messages after ${workerKills} worker kills (concurrency ${CONCURRENCY})`,
  );
  // Every event of every committed change goes out once from our side, and arrives.
  const events = await store.db.selectFrom('webhook_events').select('id').execute();
  await waitFor(
    `webhook deliveries of all ${events.length} events`,
    async () => {
      const rows = await store.db
        .selectFrom('webhook_deliveries')
        .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('status')
        .execute();
      const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
      assert.equal(count('failed'), 0, 'a webhook delivery failed');
      return count('delivered') === events.length;
    },
    120_000,
    250,
  );
  const deliveries = await store.db
    .selectFrom('webhook_deliveries')
    .select(['event_id', 'webhook_id', 'body'])
    .execute();
  assert.equal(
    new Set(deliveries.map((d) => String(d.event_id))).size,
    events.length,
    'one delivery per event',
  );
  const bodies = new Map(deliveries.map((d) => [d.webhook_id, d.body]));
  const seen = new Set<string>();
  for (const hook of receiver.received) {
    const webhookId = hook.body.webhookId as string;
    assert.equal(
      hook.raw.toString('utf8'),
      bodies.get(webhookId),
      `${webhookId}: the bytes that were signed`,
    );
    seen.add(webhookId);
  }
  assert.equal(seen.size, deliveries.length, 'every delivery arrived');
  const repeatedHooks = receiver.received.length - seen.size;
  assert.ok(
    repeatedHooks <= workerKills * CONCURRENCY,
    `${repeatedHooks} webhooks repeated after ${workerKills} worker kills`,
  );
  // Every acknowledged invoice's creation was announced.
  const created = new Set(
    receiver.received.filter((h) => h.body.type === 'InvoiceCreate').map((h) => h.body._id as string),
  );
  for (const o of outcomes) assert.ok(created.has(o.invoiceId), `no InvoiceCreate for ${o.invoiceId}`);

  const cut = outcomes.filter((o) => o.unacknowledgedPaid > 0).length;
  t.diagnostic(
    `${outcomes.length} invoices, ${workerKills} of ${KILLS} kills hit the worker, ${next - outcomes.length} creates and ${cut} payments cut off, ${repeated} messages and ${repeatedHooks} webhooks repeated, ${events.length} events`,
  );
});
