/**
 * The database ceiling of POST /invoices/{id}/send (action email): the statements the route runs, taken
 * from the store itself (the token lookup, then in one transaction: the locked invoice with its items and
 * the user check, the write of the new state with its delivery, history record and webhook event, and
 * pg-boss's own job insert), sent through `pg` with no HTTP, validation or serialisation around them, at
 * the same concurrency as the HTTP run, prepared once per connection as the service prepares them.
 * Run as its own process by run.ts: argv[2] is a JSON file {url, connections, durationSec, targets}; it
 * prints one JSON line with the result.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import { objectId } from '../src/domain/ids.ts';
import { hashToken } from '../src/domain/tokens.ts';
import { DELIVERY_QUEUES, deliveryJobId, QUEUE_SCHEMA } from '../src/jobs/queue.ts';
import { statementName } from '../src/store/db.ts';
import { lockedForSend } from '../src/store/invoices.ts';
import { writeSend } from '../src/store/sends.ts';
import { liveToken } from '../src/store/tokens.ts';
import { summarise } from './stats.ts';

interface Target {
  invoiceId: string;
  locationId: string;
  userId: string;
  token: string;
}

const { url, connections, durationSec, warmupSec, targets } = JSON.parse(
  fs.readFileSync(process.argv[2]!, 'utf8'),
) as {
  url: string;
  connections: number;
  durationSec: number;
  warmupSec: number;
  targets: Target[];
};

const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as {
  insertJob(schema: string): string;
};
const INSERT_JOB = plans.insertJob(QUEUE_SCHEMA);

// The same pool size the service's store uses (src/store/db.ts default).
const pool = new pg.Pool({ connectionString: url, max: 10 });

// Named statements, prepared once per connection, as the service's store runs them (src/store/db.ts).
function prepared(client: pg.PoolClient) {
  return (text: string, values: unknown[]) => client.query({ name: statementName(text), text, values });
}

async function send(client: pg.PoolClient, t: Target): Promise<void> {
  const query = prepared(client);
  const token = await query(liveToken.sql, liveToken.parameters({ hash: hashToken(t.token) }));
  if (token.rows.length === 0) throw new Error('unknown token');
  await client.query('begin');
  try {
    const locked = await query(
      lockedForSend.sql,
      lockedForSend.parameters({ id: t.invoiceId, locationId: t.locationId, userId: t.userId }),
    );
    const invoice = locked.rows[0];
    if (!invoice?.user_has_access) throw new Error(`no invoice ${t.invoiceId} for that user`);
    const now = new Date();
    const sendId = objectId();
    const deliveryId = objectId();
    const email = invoice.contact_details.email as string;
    const emailData = {
      status: 'queued',
      recipient: email,
      messageId: `<${deliveryId}@hl-invoices.local>`,
      deliveryId,
    };
    await query(
      writeSend.sql,
      writeSend.parameters({
        invoiceId: t.invoiceId,
        locationId: t.locationId,
        status: invoice.status === 'draft' ? 'sent' : invoice.status,
        liveMode: false,
        invoiceNumber: invoice.invoice_number,
        sentAt: invoice.sent_at ?? now,
        autoPayment: null,
        updatedAt: now,
        // A view of the size the route keeps: the invoice with its items.
        viewJson: JSON.stringify(invoice),
        viewVersion: 1,
        eventType: 'sent',
        actor: JSON.stringify({ tokenId: token.rows[0].id, userId: t.userId }),
        data: JSON.stringify({ sendId, action: 'email', email: emailData, sms: { status: 'not_requested' } }),
        webhookType: 'InvoiceSent',
        // A payload of the size the route writes: the invoice with its items.
        payload: JSON.stringify({ ...invoice, type: 'InvoiceSent' }),
        ids: [deliveryId],
        sendEventIds: [sendId],
        channels: ['email'],
        transports: ['outbox'],
        recipients: [email],
        messageIds: [emailData.messageId],
        requests: [JSON.stringify({ action: 'email', sentFrom: null, userId: t.userId })],
      }),
    );
    await query(INSERT_JOB, [
      deliveryJobId(deliveryId),
      DELIVERY_QUEUES.email,
      { deliveryId },
      ...Array(16).fill(null),
    ]);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  }
}

let latencies: number[] = [];
let errors = 0;

async function loop(deadline: number): Promise<void> {
  while (performance.now() < deadline) {
    const target = targets[Math.floor(Math.random() * targets.length)]!;
    const started = performance.now();
    const client = await pool.connect();
    try {
      await send(client, target);
      latencies.push(performance.now() - started);
    } catch (err) {
      errors++;
      if (errors === 1) process.stderr.write(`sql ceiling: ${(err as Error).message}\n`);
    } finally {
      client.release();
    }
  }
}

// A warm-up, as the HTTP runs have: connections opened, code optimised.
await Promise.all(Array.from({ length: connections }, () => loop(performance.now() + warmupSec * 1000)));
latencies = [];
const cpuBefore = process.cpuUsage();
const began = performance.now();
await Promise.all(Array.from({ length: connections }, () => loop(began + durationSec * 1000)));
const seconds = (performance.now() - began) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const clientCores = (cpu.user + cpu.system) / 1e6 / seconds;
await pool.end();
process.stdout.write(
  `${JSON.stringify({ rps: latencies.length / seconds, errors, clientCores, rss: process.memoryUsage().rss, ...summarise(latencies) })}\n`,
);
