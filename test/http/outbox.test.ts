import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type PgBoss from 'pg-boss';
import { build } from '../../src/app.ts';
import { outboxEmailTransport, outboxSmsTransport } from '../../src/delivery/outbox.ts';
import { startQueue } from '../../src/jobs/queue.ts';
import { startWorkers, type Workers } from '../../src/jobs/workers.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { createTestDatabase, seedTenant, type Tenant, testConfig } from '../fixtures/app.ts';
import { fakeRender, insertInvoice, queueDelivery, waitFor } from '../fixtures/deliveries.ts';

const HOSTILE_SUBJECT = '<script>alert("x")</script> & "quotes"';

let database: { url: string; drop: () => Promise<void> };
let store: Store;
let tenant: Tenant;
let app: FastifyInstance;
let boss: PgBoss;
let workers: Workers;

before(async () => {
  database = await createTestDatabase();
  store = openStore(database.url, { max: 10 });
  tenant = await seedTenant(store);
  app = await build({ config: testConfig(), databaseUrl: database.url, store, devOutbox: true });
  await app.ready();
  boss = await startQueue(database.url, { retry: { retryLimit: 1, retryDelay: 0, retryBackoff: false } });
  workers = startWorkers({
    boss,
    store,
    transports: { outbox: { email: outboxEmailTransport, sms: outboxSmsTransport } },
    render: async (delivery) => {
      const message = await fakeRender(
        delivery,
        delivery.recipient.startsWith('hostile') ? HOSTILE_SUBJECT : undefined,
      );
      return 'subject' in message
        ? { ...message, replyTo: 'owner@acme.test', cc: ['books@acme.test', 'boss@acme.test'] }
        : message;
    },
    concurrency: 2,
    pollingIntervalSeconds: 0.1,
  });
});

after(async () => {
  await workers?.stop({ timeoutMs: 5000 });
  await boss?.stop({ graceful: false, wait: true });
  await app?.close();
  await store?.close();
  await database?.drop();
});

async function deliverToOutbox(channel: 'email' | 'sms', recipient: string, liveMode = false) {
  const invoiceId = await insertInvoice(store, tenant);
  if (liveMode)
    await store.db.updateTable('invoices').set({ live_mode: true }).where('id', '=', invoiceId).execute();
  const delivery = await queueDelivery(store, boss, {
    invoiceId,
    locationId: tenant.locationId,
    channel,
    transport: 'outbox',
    recipient,
  });
  await waitFor(`${delivery.id} sent`, async () => {
    const row = await store.db
      .selectFrom('deliveries')
      .select('status')
      .where('id', '=', delivery.id)
      .executeTakeFirst();
    return row?.status === 'sent';
  });
  return { ...delivery, invoiceId };
}

describe('dev outbox', () => {
  let email: Awaited<ReturnType<typeof deliverToOutbox>>;
  let sms: Awaited<ReturnType<typeof deliverToOutbox>>;
  let hostile: Awaited<ReturnType<typeof deliverToOutbox>>;

  before(async () => {
    email = await deliverToOutbox('email', 'alex@example.com');
    sms = await deliverToOutbox('sms', '+14155550123');
    hostile = await deliverToOutbox('email', 'hostile@example.com');
  });

  test('/dev/outbox.json lists the delivered messages, newest first', async () => {
    const res = await app.inject({ method: 'GET', url: '/dev/outbox.json' });
    assert.equal(res.statusCode, 200);
    const { messages } = res.json();
    assert.deepEqual(
      messages.map((m: { id: string }) => m.id),
      [hostile.id, sms.id, email.id],
    );
    const first = messages.find((m: { id: string }) => m.id === email.id);
    assert.equal(first.invoiceId, email.invoiceId);
    assert.equal(first.locationId, tenant.locationId);
    assert.equal(first.channel, 'email');
    assert.equal(first.transport, 'outbox');
    assert.equal(first.recipient, 'alex@example.com');
    assert.equal(first.messageId, email.messageId);
    assert.equal(first.status, 'sent');
    assert.equal(first.attempts, 1);
    assert.equal(first.lastError, null);
    assert.equal(first.subject, 'Invoice for alex@example.com');
    assert.equal(first.hasPdf, true);
    assert.ok(!Number.isNaN(Date.parse(first.createdAt)) && !Number.isNaN(Date.parse(first.sentAt)));
    const text = messages.find((m: { id: string }) => m.id === sms.id);
    assert.equal(text.body, 'Invoice for +14155550123');
    assert.equal(text.subject, undefined);

    const page = await app.inject({ method: 'GET', url: '/dev/outbox.json?limit=1&offset=1' });
    assert.deepEqual(
      page.json().messages.map((m: { id: string }) => m.id),
      [sms.id],
    );
    const byInvoice = await app.inject({
      method: 'GET',
      url: `/dev/outbox.json?invoiceId=${email.invoiceId}`,
    });
    assert.deepEqual(
      byInvoice.json().messages.map((m: { id: string }) => m.id),
      [email.id],
    );
  });

  test('a bad limit is a 4xx, not a 5xx', async () => {
    const res = await app.inject({ method: 'GET', url: '/dev/outbox.json?limit=0' });
    assert.equal(res.statusCode, 422);
  });

  test('/dev/outbox/:id shows From, Reply-To, To, Cc, Subject and the attachment above the body', async () => {
    const res = await app.inject({ method: 'GET', url: `/dev/outbox/${email.id}` });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(String(res.headers['content-security-policy']), /^default-src 'none'; img-src \* data:/);
    const envelope = res.body.slice(res.body.indexOf('<dl>'), res.body.indexOf('</dl>'));
    const shown = [...envelope.matchAll(/<dt>([^<]+)<\/dt><dd>(.*?)<\/dd>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(shown.slice(0, 5), [
      ['From', 'Acme Studio &lt;invoices@hl-invoices.test>'],
      ['Reply-To', 'owner@acme.test'],
      ['To', 'alex@example.com'],
      ['Cc', 'books@acme.test, boss@acme.test'],
      ['Subject', 'Invoice for alex@example.com'],
    ]);
    assert.equal(shown[5]![0], 'Attachments');
    assert.match(
      shown[5]![1]!,
      new RegExp(`<a href="/dev/outbox/${email.id}/pdf">invoice PDF \\(\\d+ KB\\)</a>`),
    );
    // The body below, in a frame without scripts or access to the page.
    assert.ok(res.body.indexOf('</dl>') < res.body.indexOf('<iframe'));
    assert.match(
      res.body,
      /<iframe title="Email body" sandbox srcdoc="&lt;p>Invoice for alex@example.com&lt;\/p>">/,
    );
  });

  test('/dev/outbox/:id/html serves the email HTML alone under a strict CSP', async () => {
    const res = await app.inject({ method: 'GET', url: `/dev/outbox/${email.id}/html` });
    assert.equal(res.statusCode, 200);
    assert.equal(
      res.headers['content-security-policy'],
      "default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
    );
    assert.equal(res.body, '<p>Invoice for alex@example.com</p>');
  });

  test('a live-mode message that went to the outbox (no SMTP configured) is never shown', async () => {
    const live = await deliverToOutbox('email', 'live@example.com', true);
    const list = await app.inject({ method: 'GET', url: '/dev/outbox.json?limit=200' });
    assert.ok(!list.json().messages.some((m: { id: string }) => m.id === live.id));
    assert.ok(!(await app.inject({ method: 'GET', url: '/dev/outbox' })).body.includes('live@example.com'));
    for (const url of [
      `/dev/outbox/${live.id}`,
      `/dev/outbox/${live.id}/html`,
      `/dev/outbox/${live.id}/pdf`,
    ]) {
      assert.equal((await app.inject({ method: 'GET', url })).statusCode, 404, url);
    }
  });

  test('/dev/outbox/:id serves an SMS as plain text', async () => {
    const res = await app.inject({ method: 'GET', url: `/dev/outbox/${sms.id}` });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    assert.equal(res.body, 'Invoice for +14155550123');
  });

  test('/dev/outbox/:id/pdf serves the attachment as delivered', async () => {
    const res = await app.inject({ method: 'GET', url: `/dev/outbox/${email.id}/pdf` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const stored = await store.db
      .selectFrom('deliveries')
      .select('pdf')
      .where('id', '=', email.id)
      .executeTakeFirstOrThrow();
    assert.ok(stored.pdf && res.rawPayload.equals(stored.pdf));
  });

  test('unknown ids and an SMS without a PDF are 404 with the HighLevel body', async () => {
    for (const url of ['/dev/outbox/nope', '/dev/outbox/nope/pdf', `/dev/outbox/${sms.id}/pdf`]) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      const body = res.json();
      assert.equal(body.statusCode, 404);
      assert.equal(body.error, 'Not Found');
      assert.equal(typeof body.message, 'string');
    }
  });

  test('the HTML list escapes what it shows', async () => {
    const res = await app.inject({ method: 'GET', url: '/dev/outbox' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    assert.ok(!res.body.includes('<script>'), 'the subject must not appear as markup');
    // preact escapes &, < and " (a > can neither open a tag nor end a double-quoted attribute).
    assert.ok(res.body.includes('&lt;script>alert(&quot;x&quot;)&lt;/script> &amp; &quot;quotes&quot;'));
    assert.ok(res.body.includes(`href="/dev/outbox/${email.id}/pdf"`));
  });

  test('DEV_OUTBOX=true serves it and warns at start', async () => {
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough();
    let output = '';
    stream.on('data', (chunk) => {
      output += chunk.toString();
    });
    const base = testConfig({ logLevel: 'warn', host: '0.0.0.0' });
    const forced = await build({
      config: { ...base, delivery: { ...base.delivery, devOutbox: true, devOutboxForced: true } },
      databaseUrl: database.url,
      store,
      logStream: stream,
    });
    try {
      assert.equal((await forced.inject({ method: 'GET', url: '/dev/outbox.json' })).statusCode, 200);
    } finally {
      await forced.close();
    }
    assert.match(output, /"level":40.*DEV_OUTBOX=true: \/dev\/outbox is served without a token/);
  });

  test('without the option the dev routes do not exist', async () => {
    const plain = await build({ config: testConfig(), databaseUrl: database.url, store, devOutbox: false });
    try {
      const res = await plain.inject({ method: 'GET', url: '/dev/outbox.json' });
      assert.equal(res.statusCode, 404);
    } finally {
      await plain.close();
    }
  });
});
