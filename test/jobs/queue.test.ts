import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import { outboxEmailTransport, outboxSmsTransport } from '../../src/delivery/outbox.ts';
import type { EmailMessage, EmailTransport } from '../../src/delivery/types.ts';
import { DELIVERY_QUEUES, deliveryJobId, enqueueDelivery, startQueue } from '../../src/jobs/queue.ts';
import { startWorkers, type Workers } from '../../src/jobs/workers.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { insertDelivery } from '../../src/store/deliveries.ts';
import { createTestDatabase, seedTenant, type Tenant } from '../fixtures/app.ts';
import { fakeRender, insertInvoice, queueDelivery, waitFor } from '../fixtures/deliveries.ts';

const RETRY_LIMIT = 3;

/** Per-recipient behaviour of the scripted transport; records every call by messageId. */
type Behaviour = (message: EmailMessage, call: number) => Promise<{ providerId: string }>;
const behaviours = new Map<string, Behaviour>();
const calls = new Map<string, number>();

const scriptedEmail: EmailTransport = {
  kind: 'smtp',
  async send(message) {
    const call = (calls.get(message.messageId) ?? 0) + 1;
    calls.set(message.messageId, call);
    const behaviour = behaviours.get(message.to[0]!);
    return behaviour ? behaviour(message, call) : { providerId: `smtp-${message.messageId}` };
  },
};

/** Renders that stall until released, keyed by recipient. */
const stalls = new Map<string, Promise<void>>();

let database: { url: string; drop: () => Promise<void> };
let store: Store;
let tenant: Tenant;
let boss: PgBoss;
let workers: Workers;

before(async () => {
  database = await createTestDatabase();
  store = openStore(database.url, { max: 10 });
  tenant = await seedTenant(store);
  boss = await startQueue(database.url, {
    retry: { retryLimit: RETRY_LIMIT, retryDelay: 0, retryBackoff: false, expireInSeconds: 2 },
    maintenanceIntervalSeconds: 1,
  });
  workers = startWorkers({
    boss,
    store,
    transports: { email: scriptedEmail, outbox: { email: outboxEmailTransport, sms: outboxSmsTransport } },
    render: async (delivery) => {
      await stalls.get(delivery.recipient);
      return fakeRender(delivery);
    },
    concurrency: 2,
    pollingIntervalSeconds: 0.1,
  });
});

after(async () => {
  await workers?.stop({ timeoutMs: 5000 });
  await boss?.stop({ graceful: false, wait: true });
  await store?.close();
  await database?.drop();
});

async function newDelivery(recipient: string, transport: 'smtp' | 'outbox' = 'smtp') {
  const invoiceId = await insertInvoice(store, tenant);
  return queueDelivery(store, boss, {
    invoiceId,
    locationId: tenant.locationId,
    channel: 'email',
    transport,
    recipient,
    request: { action: 'email' },
  });
}

function row(id: string) {
  return store.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function jobsFor(deliveryId: string) {
  const { rows } = await sql<{ id: string; state: string; name: string }>`
    select id, state, name from pgboss.job
    where name in ('delivery.email', 'delivery.sms') and data->>'deliveryId' = ${deliveryId}`.execute(
    store.db,
  );
  return rows;
}

async function events(deliveryId: string) {
  return store.db
    .selectFrom('invoice_events')
    .select(['type', 'data'])
    .where(sql<string>`data->>'deliveryId'`, '=', deliveryId)
    .orderBy('id')
    .execute();
}

async function settledJob(deliveryId: string, state: 'completed' | 'failed') {
  return waitFor(`job of ${deliveryId} ${state}`, async () => {
    const jobs = await jobsFor(deliveryId);
    return jobs.length === 1 && jobs[0]!.state === state ? jobs[0] : undefined;
  });
}

describe('delivery queue', () => {
  test('a job enqueued in a committed transaction is delivered exactly once', async () => {
    const delivery = await newDelivery('once@example.com');
    await settledJob(delivery.id, 'completed');
    const r = await row(delivery.id);
    assert.equal(r.status, 'sent');
    assert.equal(r.attempts, 1);
    assert.equal(r.provider_id, `smtp-${delivery.messageId}`);
    assert.equal(r.message_id, delivery.messageId);
    assert.match(delivery.messageId, /^<[0-9a-f]{24}@hl-invoices\.local>$/);
    assert.equal(r.content?.subject, 'Invoice for once@example.com');
    assert.deepEqual(r.content?.to, ['once@example.com']);
    assert.equal(r.pdf?.subarray(0, 4).toString('latin1'), '%PDF');
    assert.ok(r.sent_at);
    assert.equal(calls.get(delivery.messageId), 1);
    const history = await events(delivery.id);
    assert.deepEqual(
      history.map((e) => e.type),
      ['delivery_sent'],
    );
    assert.deepEqual(history[0]!.data, {
      deliveryId: delivery.id,
      channel: 'email',
      transport: 'smtp',
      recipient: 'once@example.com',
      messageId: delivery.messageId,
      attempts: 1,
    });
  });

  test('a rolled-back transaction leaves neither the delivery nor its job', async () => {
    const invoiceId = await insertInvoice(store, tenant);
    let created: { id: string } | undefined;
    await assert.rejects(
      store.db.transaction().execute(async (trx) => {
        created = { id: `rollback${Date.now()}` };
        await insertDelivery(trx, {
          id: created.id,
          invoiceId,
          locationId: tenant.locationId,
          sendEventId: null,
          channel: 'email',
          transport: 'outbox',
          recipient: 'rollback@example.com',
          messageId: `<${created.id}@hl-invoices.local>`,
          request: {},
        });
        await enqueueDelivery(trx, boss, { id: created.id, channel: 'email' });
        // The job is visible inside the transaction before the rollback...
        const { rows } =
          await sql`select 1 from pgboss.job where id = ${deliveryJobId(created.id)}::uuid`.execute(trx);
        assert.equal(rows.length, 1);
        throw new Error('abort the send');
      }),
      /abort the send/,
    );
    assert.ok(created);
    // ...and gone after it.
    assert.deepEqual(await jobsFor(created.id), []);
    assert.equal(await boss.getJobById(DELIVERY_QUEUES.email, deliveryJobId(created.id)), null);
    const rows = await store.db.selectFrom('deliveries').select('id').where('id', '=', created.id).execute();
    assert.deepEqual(rows, []);
  });

  test('the same delivery enqueued twice has one job', async () => {
    const invoiceId = await insertInvoice(store, tenant);
    const id = `dup${Date.now()}`;
    // A delivery already 'sent' keeps the workers from touching it while we count jobs.
    await insertDelivery(store.db, {
      id,
      invoiceId,
      locationId: tenant.locationId,
      sendEventId: null,
      channel: 'sms',
      transport: 'outbox',
      recipient: '+14155550123',
      messageId: id,
      request: {},
      status: 'sent',
    });
    const first = await store.db.transaction().execute(async (trx) => {
      const a = await enqueueDelivery(trx, boss, { id, channel: 'sms' });
      const b = await enqueueDelivery(trx, boss, { id, channel: 'sms' });
      return [a, b];
    });
    const second = await store.db
      .transaction()
      .execute((trx) => enqueueDelivery(trx, boss, { id, channel: 'sms' }));
    assert.deepEqual([...first, second], [true, false, false]);
    const jobs = await jobsFor(id);
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.id, deliveryJobId(id));
  });

  test('singletonKey alone would not prevent a duplicate on a standard queue (why job ids are derived)', async () => {
    await boss.createQueue('probe.singleton');
    const a = await boss.send('probe.singleton', { n: 1 }, { singletonKey: 'same' });
    const b = await boss.send('probe.singleton', { n: 2 }, { singletonKey: 'same' });
    assert.ok(a && b && a !== b);
  });

  test('a transport that fails twice then succeeds ends sent after 3 attempts', async () => {
    behaviours.set('flaky@example.com', async (message, call) => {
      if (call <= 2) throw new Error(`421 try again later (call ${call})`);
      return { providerId: `smtp-ok-${message.messageId}` };
    });
    const delivery = await newDelivery('flaky@example.com');
    await settledJob(delivery.id, 'completed');
    const r = await row(delivery.id);
    assert.equal(r.status, 'sent');
    assert.equal(r.attempts, 3);
    assert.equal(r.last_error, null);
    assert.equal(r.provider_id, `smtp-ok-${delivery.messageId}`);
    assert.equal(calls.get(delivery.messageId), 3);
    const history = await events(delivery.id);
    assert.deepEqual(
      history.map((e) => [e.type, e.data.attempts]),
      [['delivery_sent', 3]],
    );
  });

  test('a transport that always fails ends failed with the last error once retries run out', async () => {
    behaviours.set('broken@example.com', async (_message, call) => {
      throw new Error(`550 mailbox unavailable (call ${call})`);
    });
    const delivery = await newDelivery('broken@example.com');
    await settledJob(delivery.id, 'failed');
    const r = await waitFor('row failed', async () => {
      const current = await row(delivery.id);
      return current.status === 'failed' ? current : undefined;
    });
    assert.equal(r.attempts, RETRY_LIMIT + 1);
    assert.equal(r.last_error, `550 mailbox unavailable (call ${RETRY_LIMIT + 1})`);
    assert.equal(r.sent_at, null);
    assert.equal(r.content, null);
    assert.equal(calls.get(delivery.messageId), RETRY_LIMIT + 1);
    const history = await waitFor('failure event', async () => {
      const h = await events(delivery.id);
      return h.length > 0 ? h : undefined;
    });
    assert.deepEqual(
      history.map((e) => [e.type, e.data.attempts, e.data.error]),
      [['delivery_failed', RETRY_LIMIT + 1, `550 mailbox unavailable (call ${RETRY_LIMIT + 1})`]],
    );
  });

  test('a delivery already sent is not sent again', async () => {
    const invoiceId = await insertInvoice(store, tenant);
    const id = `sent${Date.now()}`;
    const messageId = `<${id}@hl-invoices.local>`;
    await insertDelivery(store.db, {
      id,
      invoiceId,
      locationId: tenant.locationId,
      sendEventId: null,
      channel: 'email',
      transport: 'smtp',
      recipient: 'already@example.com',
      messageId,
      request: {},
      status: 'sent',
      attempts: 1,
      providerId: 'smtp-earlier',
    });
    await store.db.transaction().execute((trx) => enqueueDelivery(trx, boss, { id, channel: 'email' }));
    await settledJob(id, 'completed');
    const r = await row(id);
    assert.equal(r.status, 'sent');
    assert.equal(r.attempts, 1);
    assert.equal(r.provider_id, 'smtp-earlier');
    assert.equal(calls.get(messageId), undefined);
    assert.deepEqual(await events(id), []);
  });

  test('a final attempt that expires (a killed worker) is marked failed through the dead-letter queue', async () => {
    let release!: () => void;
    stalls.set(
      'stalled@example.com',
      new Promise<void>((resolve) => {
        release = resolve;
      }).then(() => {
        throw new Error('render gave up');
      }),
    );
    const invoiceId = await insertInvoice(store, tenant);
    const id = `stall${Date.now()}`;
    await insertDelivery(store.db, {
      id,
      invoiceId,
      locationId: tenant.locationId,
      sendEventId: null,
      channel: 'email',
      transport: 'smtp',
      recipient: 'stalled@example.com',
      messageId: `<${id}@hl-invoices.local>`,
      request: {},
    });
    // No retries and a 1 s expiry: the stalled attempt is the last one.
    await boss.send(
      DELIVERY_QUEUES.email,
      { deliveryId: id },
      { id: deliveryJobId(id), retryLimit: 0, expireInSeconds: 1 },
    );
    await waitFor('row sending', async () => (await row(id)).status === 'sending');
    const r = await waitFor('row failed', async () => {
      const current = await row(id);
      return current.status === 'failed' ? current : undefined;
    });
    release();
    assert.equal(r.attempts, 1);
    assert.equal(r.last_error, 'the delivery did not finish before its job expired');
    const history = await events(id);
    assert.deepEqual(
      history.map((e) => e.type),
      ['delivery_failed'],
    );
    // The released attempt must not turn the failed row back.
    await sleep(500);
    assert.equal((await row(id)).status, 'failed');
    assert.equal(calls.get(`<${id}@hl-invoices.local>`), undefined);
  });
});
