/**
 * The database ceiling of POST /invoices/{id}/send (action email): the statements the route issues inside
 * its transaction (src/http/send.ts, src/jobs/deliveries.ts, src/store/invoices.ts), sent through `pg`
 * with no HTTP, validation, Kysely or serialisation around them, at the same concurrency as the HTTP run,
 * prepared once per connection as the service prepares them.
 * Run as its own process by run.ts: argv[2] is a JSON file {url, connections, durationSec, targets}; it
 * prints one JSON line with the result.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import pg from 'pg';
import { objectId } from '../src/domain/ids.ts';
import { DELIVERY_QUEUES, deliveryJobId, QUEUE_SCHEMA } from '../src/jobs/queue.ts';
import { statementName } from '../src/store/db.ts';
import { summarise } from './stats.ts';

interface Target {
  invoiceId: string;
  locationId: string;
  userId: string;
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
  await client.query('begin');
  try {
    const locked = await query('select * from "invoices" where "id" = $1 and "location_id" = $2 for update', [
      t.invoiceId,
      t.locationId,
    ]);
    const invoice = locked.rows[0];
    if (!invoice) throw new Error(`no invoice ${t.invoiceId}`);
    await query(
      'select * from "invoice_items" where "invoice_id" = any($1) order by "invoice_id", "position"',
      [[t.invoiceId]],
    );
    const member = await query(
      'select "user_id" from "user_locations" where "user_id" = $1 and "location_id" = $2',
      [t.userId, t.locationId],
    );
    if (member.rows.length === 0) throw new Error('user not on location');
    const now = new Date();
    await query(
      'update "invoices" set "status" = $1, "live_mode" = $2, "invoice_number" = $3, "sent_at" = $4, "updated_at" = $5 where "id" = $6',
      [
        invoice.status === 'draft' ? 'sent' : invoice.status,
        false,
        invoice.invoice_number,
        invoice.sent_at ?? now,
        now,
        t.invoiceId,
      ],
    );
    const sendId = objectId();
    const deliveryId = objectId();
    const email = invoice.contact_details.email as string;
    await query(
      'insert into "deliveries" ("id", "invoice_id", "location_id", "send_event_id", "channel", "transport", "recipient", "message_id", "request") values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [
        deliveryId,
        t.invoiceId,
        t.locationId,
        sendId,
        'email',
        'outbox',
        email,
        `<${deliveryId}@hl-invoices.local>`,
        JSON.stringify({ action: 'email', sentFrom: null, userId: t.userId }),
      ],
    );
    await query(INSERT_JOB, [
      deliveryJobId(deliveryId),
      DELIVERY_QUEUES.email,
      { deliveryId },
      ...Array(16).fill(null),
    ]);
    await query(
      'insert into "invoice_events" ("invoice_id", "location_id", "type", "actor", "data") values ($1, $2, $3, $4, $5)',
      [
        t.invoiceId,
        t.locationId,
        'sent',
        JSON.stringify({ tokenId: 'ceiling', userId: t.userId }),
        JSON.stringify({ sendId, action: 'email', email: { status: 'queued', deliveryId } }),
      ],
    );
    const after = await query('select * from "invoices" where "id" = $1 and "location_id" = $2', [
      t.invoiceId,
      t.locationId,
    ]);
    const items = await query(
      'select * from "invoice_items" where "invoice_id" = any($1) order by "invoice_id", "position"',
      [[t.invoiceId]],
    );
    // A payload of the size the route writes: the invoice with its items.
    await query('insert into "webhook_events" ("location_id", "type", "payload") values ($1, $2, $3)', [
      t.locationId,
      'InvoiceSent',
      JSON.stringify({ ...after.rows[0], invoiceItems: items.rows, type: 'InvoiceSent' }),
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
