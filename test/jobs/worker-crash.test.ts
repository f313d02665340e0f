/**
 * Crash safety through the real CLI and real SMTP: 200 invoices sent through the API, delivered by a
 * `hl-invoices worker` process that is killed with SIGKILL mid-run and started again. Every message
 * arrives at least once; a message arrives twice only if its delivery was in flight at the kill (the SMTP
 * server had it, the worker died before recording 'sent'), and the copy carries the same Message-ID.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import type { Config } from '../../src/config.ts';
import { authHeaders, setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createInvoice } from '../fixtures/invoices.ts';
import { type ReceivedMail, startSmtpServer } from '../fixtures/servers.ts';

const TOTAL = 200;
const CONCURRENCY = 8;
/** Small queue timings, the same in the test's app and in the worker processes. */
const DELIVERY_TIMEOUT_SECONDS = 5;
const QUEUE_MAINTENANCE_SECONDS = 1;
/** The API's and the workers' address for customer links (not the default, so the worker must read it). */
const PUBLIC_URL = 'http://invoices.crash.test:8080';

const root = path.resolve(import.meta.dirname, '..', '..');

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let databaseUrl: string;
const children: ChildProcess[] = [];
const childOutput: string[] = [];

before(async () => {
  // Keeps each message as soon as its data is in, then takes 20-40 ms to answer 250: a worker killed in
  // that window has handed the message over without learning that it went.
  smtp = await startSmtpServer({ replyDelayMs: () => 20 + Math.floor(Math.random() * 21) });
  const overrides: Partial<Config> = {
    publicUrl: PUBLIC_URL,
    delivery: {
      ...testConfig().delivery,
      smtpUrl: smtp.url,
      deliveryTimeoutSeconds: DELIVERY_TIMEOUT_SECONDS,
      queueMaintenanceSeconds: QUEUE_MAINTENANCE_SECONDS,
    },
  };
  // The API only: no workers in this process, so every message is delivered by the worker children.
  ctx = await setupApp(overrides);
  databaseUrl = ctx.databaseUrl;
});

after(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child, 10_000).catch(() => {});
  }
  await ctx?.close();
  await smtp?.close();
});

function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ['bin/hl-invoices.js', 'worker'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      WORKER_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: 'warn',
      PUBLIC_URL,
      DELIVERY_TIMEOUT_SECONDS: String(DELIVERY_TIMEOUT_SECONDS),
      QUEUE_MAINTENANCE_SECONDS: String(QUEUE_MAINTENANCE_SECONDS),
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

async function countSent(): Promise<number> {
  const row = await ctx.store.db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs `task` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    out.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  }
  return out;
}

test('a worker killed mid-run delivers everything after a restart, repeating only what was in flight', {
  timeout: 300_000,
}, async (t) => {
  const { app, tenant } = ctx;
  const indexes = Array.from({ length: TOTAL }, (_, i) => i);
  const sends = await inBatches(indexes, 10, async (i) => {
    const email = `customer${i}@example.com`;
    const invoice = await createInvoice(app, tenant.locationToken, tenant.locationId, {
      contactDetails: { id: `contact-${i}`, name: `Customer ${i}`, email },
      sentTo: { email: [email] },
    });
    const res = await app.inject({
      method: 'POST',
      url: `/invoices/${invoice._id}/send`,
      headers: authHeaders(tenant.locationToken),
      payload: {
        altId: tenant.locationId,
        altType: 'location',
        userId: tenant.userId,
        action: 'email',
        liveMode: true,
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const { emailData } = res.json();
    assert.equal(emailData.transport, 'smtp');
    return { email, messageId: emailData.messageId as string, deliveryId: emailData.deliveryId as string };
  });
  assert.equal(new Set(sends.map((s) => s.messageId)).size, TOTAL);
  assert.equal(smtp.received.length, 0, 'nothing is delivered without a worker');

  try {
    const first = spawnWorker();
    await waitFor('50 messages at the SMTP server', async () => smtp.received.length >= 50, 90_000, 2);
    first.kill('SIGKILL');
    await exited(first, 10_000);
    const receivedAtKill = smtp.received.length;
    // The killed process can no longer change a row, and nothing else delivers: this is the state at the kill.
    const inFlight = await ctx.store.db
      .selectFrom('deliveries')
      .select('message_id')
      .where('status', '=', 'sending')
      .execute();
    const sendingAtKill = new Set(inFlight.map((r) => r.message_id));
    assert.ok(receivedAtKill < TOTAL, `the kill came too late to test anything (${receivedAtKill} received)`);
    assert.ok(
      sendingAtKill.size <= CONCURRENCY,
      `${sendingAtKill.size} in flight with concurrency ${CONCURRENCY}`,
    );

    const second = spawnWorker();
    await waitFor(`all ${TOTAL} deliveries sent`, async () => (await countSent()) === TOTAL, 120_000, 250);
    second.kill('SIGTERM');
    await exited(second, 30_000);

    const byMessageId = new Map<string, ReceivedMail[]>();
    for (const mail of smtp.received) {
      byMessageId.set(mail.messageId, [...(byMessageId.get(mail.messageId) ?? []), mail]);
    }
    for (const s of sends) assert.ok(byMessageId.has(s.messageId), `${s.messageId} never arrived`);
    assert.equal(byMessageId.size, TOTAL, 'only our messages arrived');

    const duplicates = smtp.received.length - TOTAL;
    assert.ok(duplicates <= CONCURRENCY, `${duplicates} duplicates; at most ${CONCURRENCY} can be in flight`);
    for (const [messageId, copies] of byMessageId) {
      if (copies.length === 1) continue;
      assert.ok(sendingAtKill.has(messageId), `${messageId} arrived twice but was not in flight at the kill`);
      assert.equal(copies.length, 2, `${messageId} arrived ${copies.length} times`);
      // Both copies went to the same one recipient, and parse to the same Message-ID.
      const parsed = await Promise.all(copies.map((c) => simpleParser(c.raw)));
      assert.deepEqual(
        parsed.map((p) => p.messageId),
        [messageId, messageId],
      );
      assert.deepEqual(copies[0]!.rcptTo, copies[1]!.rcptTo);
    }
    // The worker process built its links from PUBLIC_URL, as the API would.
    const sample = await simpleParser(smtp.received[0]!.raw);
    assert.ok((sample.text ?? '').includes(`${PUBLIC_URL}/i/`), sample.text);
    // A recipient never got two different Message-IDs: a redelivery is recognisable as one.
    const idsByRecipient = new Map<string, Set<string>>();
    for (const mail of smtp.received) {
      for (const rcpt of mail.rcptTo) {
        idsByRecipient.set(rcpt, (idsByRecipient.get(rcpt) ?? new Set()).add(mail.messageId));
      }
    }
    assert.equal(idsByRecipient.size, TOTAL);
    for (const s of sends) assert.deepEqual([...(idsByRecipient.get(s.email) ?? [])], [s.messageId]);

    const rows = await ctx.store.db
      .selectFrom('deliveries')
      .select(['message_id', 'attempts', 'status'])
      .execute();
    for (const r of rows) {
      assert.equal(r.status, 'sent');
      if (sendingAtKill.has(r.message_id)) assert.ok(r.attempts >= 2, `${r.message_id} was tried again`);
    }
    const sentEvents = await ctx.store.db
      .selectFrom('invoice_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('type', '=', 'delivery_sent')
      .executeTakeFirstOrThrow();
    assert.equal(Number(sentEvents.n), TOTAL, 'one delivery_sent per message, duplicates included');
    t.diagnostic(
      `killed at ${receivedAtKill} received with ${sendingAtKill.size} in flight; ` +
        `${duplicates} arrived twice`,
    );
  } catch (error) {
    // Give the worker's own words to whoever reads a failure.
    await sleep(100);
    if (childOutput.length > 0) t.diagnostic(`worker stderr:\n${childOutput.join('').slice(-4000)}`);
    throw error;
  }
});
