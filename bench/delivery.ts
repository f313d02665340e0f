/**
 * Delivery throughput: live-mode email sends queued through the API, then a worker process (`hl-invoices
 * worker`, i.e. startDeliveryWorkers with SMTP_URL set) renders each PDF and hands it to a loopback
 * smtp-server. Also PDF render time per invoice, in this process.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { sendRequest, type Target } from './load.ts';
import { cpuMeter, MB, rssOf, spawnNode, startService } from './system.ts';

async function queueEmails(serviceUrl: string, targets: Target[], concurrency: number) {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const request = sendRequest(targets[next++]!, 'email', true);
      const res = await fetch(`${serviceUrl}${request.path}`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      const body = (await res.json()) as { emailData?: { deliveryId?: string; transport?: string } };
      if (res.status !== 200 || body.emailData?.transport !== 'smtp') {
        throw new Error(`queueing a live email failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      }
      ids.push(body.emailData.deliveryId!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

export async function measureDelivery(options: {
  pool: pg.Pool;
  databaseUrl: string;
  serviceUrl: string;
  /** SMTP_URL of the worker (the sink's URL, possibly with nodemailer options in its query). */
  smtpUrl: string;
  received: () => number;
  targets: Target[];
  workerConcurrency: number;
  postmasterPid: number | undefined;
  log: (m: string) => void;
}) {
  const { pool, targets } = options;
  // Test-mode emails left by the API runs would be delivered first (to the outbox): not what is measured.
  await pool.query(`delete from pgboss.job where name = 'delivery.email' and state in ('created', 'retry')`);
  const ids = await queueEmails(options.serviceUrl, targets, 10);
  const receivedBefore = options.received();
  options.log(`queued ${ids.length} live emails; starting a worker process`);
  const { child } = await startService(options.databaseUrl, {
    command: ['worker'],
    env: { SMTP_URL: options.smtpUrl, WORKER_CONCURRENCY: String(options.workerConcurrency) },
  });
  const cpu = cpuMeter(() => child.pid, options.postmasterPid).start();
  const started = performance.now();
  const deadline = Date.now() + 60_000 + ids.length * 200;
  let done = { sent: 0, failed: 0 };
  while (Date.now() < deadline) {
    const row = await pool.query<{ sent: string; failed: string }>(
      `select count(*) filter (where status = 'sent') as sent, count(*) filter (where status = 'failed') as failed
       from deliveries where id = any($1)`,
      [ids],
    );
    done = { sent: Number(row.rows[0]!.sent), failed: Number(row.rows[0]!.failed) };
    if (done.sent + done.failed >= ids.length) break;
    await sleep(200);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  // Worker = the worker process; load generator = this process, which runs the SMTP server.
  const cores = cpu();
  const workerRss = rssOf(child.pid);
  await child.stop();
  const span = await pool.query<{ seconds: number; pdf_bytes: number }>(
    `select extract(epoch from max(sent_at) - min(sent_at))::float8 as seconds, avg(length(pdf))::float8 as pdf_bytes
     from deliveries where id = any($1) and status = 'sent'`,
    [ids],
  );
  const seconds = span.rows[0]!.seconds;
  return {
    emails: ids.length,
    sent: done.sent,
    failed: done.failed,
    received: options.received() - receivedBefore,
    smtpUrl: options.smtpUrl,
    emailsPerSecond: done.sent > 1 && seconds > 0 ? (done.sent - 1) / seconds : Number.NaN,
    wallSeconds,
    avgPdfKb: span.rows[0]!.pdf_bytes / 1024,
    workerRssMb: MB(workerRss.rss),
    workerPeakMb: MB(workerRss.peak),
    workerConcurrency: options.workerConcurrency,
    cores,
  };
}

/** renderInvoicePdf alone, per invoice (documents loaded beforehand), after a warm-up, in its own process. */
export async function measurePdf(databaseUrl: string, targets: Target[], file: string) {
  fs.writeFileSync(file, JSON.stringify({ url: databaseUrl, targets }));
  const run = await spawnNode(['--import', 'tsx', 'bench/pdf-timing.ts', file], {
    ready: /^\{.*\}$/m,
    name: 'pdf-timing',
    timeoutMs: 300_000,
  });
  await run.child.stop();
  return JSON.parse(run.match[0]) as {
    count: number;
    p50: number;
    p99: number;
    mean: number;
    p50Items1to3: number;
    p50Items18to20: number;
    avgKb: number;
  };
}
