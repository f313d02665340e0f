/**
 * POST /invoices/estimate/{id}/send end to end: the real delivery workers deliver to a real SMTP server
 * and a local server speaking Twilio's API (live mode) or to the dev outbox (test mode); the email's
 * /e/{token} link opens the estimate's page. Also send_manually, resends, refusals and tenancy.
 */
import assert from 'node:assert/strict';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Config } from '../../src/config.ts';
import { startDeliveryWorkers } from '../../src/jobs/runtime.ts';
import {
  authHeaders,
  seedTenant,
  setupApp,
  type Tenant,
  type TestContext,
  testConfig,
} from '../fixtures/app.ts';
import { waitFor } from '../fixtures/deliveries.ts';
import { createEstimate, estimateTokenOf, setEstimateStatus } from '../fixtures/estimates.ts';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  FROM,
  type SeenRequest,
  startFakeTwilio,
  startSmtpServer,
} from '../fixtures/servers.ts';

/** estimateBody's items: 1200 x 2 + 45.50 x 10. */
const TOTAL_SHOWN = '$2,855.00';

describe('sending an estimate', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let twilio: http.Server;
  const seen: SeenRequest[] = [];
  let workers: ReturnType<typeof startDeliveryWorkers>;
  let other: Tenant;

  before(async () => {
    smtp = await startSmtpServer();
    twilio = await startFakeTwilio(seen);
    const overrides: Partial<Config> = {
      delivery: {
        ...testConfig().delivery,
        smtpUrl: smtp.url,
        twilio: {
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          from: FROM,
          apiUrl: `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`,
        },
        senderDomains: ['acme.test'],
        mailFrom: { name: 'Invoices', address: 'invoices@acme.test' },
        devOutbox: true,
        workerConcurrency: 2,
      },
      limits: { ...testConfig().limits, sendsPerInvoicePerHour: 3 },
    };
    ctx = await setupApp(overrides);
    workers = startDeliveryWorkers({ boss: ctx.app.boss, store: ctx.store, config: testConfig(overrides) });
    other = await seedTenant(ctx.store, 'Other');
  });

  after(async () => {
    await workers?.stop(10_000);
    await ctx?.close();
    await smtp?.close();
    if (twilio) await new Promise<void>((resolve) => twilio.close(() => resolve()));
  });

  async function send(estimateId: string, body: Record<string, unknown>, token = ctx.tenant.locationToken) {
    return ctx.app.inject({
      method: 'POST',
      url: `/invoices/estimate/${estimateId}/send`,
      headers: authHeaders(token),
      payload: { altId: ctx.tenant.locationId, altType: 'location', userId: ctx.tenant.userId, ...body },
    });
  }

  async function deliveries(estimateId: string) {
    return ctx.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('estimate_id', '=', estimateId)
      .orderBy('channel')
      .execute();
  }

  async function settled(estimateId: string, count: number) {
    return waitFor(
      `${count} deliveries of estimate ${estimateId} to settle`,
      async () => {
        const rows = await deliveries(estimateId);
        return rows.length === count && rows.every((r) => r.status === 'sent' || r.status === 'failed')
          ? rows
          : undefined;
      },
      30_000,
      100,
    );
  }

  const create = (overrides: Record<string, unknown> = {}) =>
    createEstimate(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId, overrides);

  test('live sms_and_email: the email arrives with a working /e/ link, the SMS through Twilio', async () => {
    const estimate = await create();
    const res = await send(estimate._id, {
      action: 'sms_and_email',
      liveMode: true,
      sentFrom: { fromName: 'Acme Sales', fromEmail: 'owner@gmail.example' },
      estimateName: 'Kitchen remodel',
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.estimateStatus, 'sent');
    assert.equal(body.liveMode, true);
    assert.equal(body.sentBy, ctx.tenant.userId);
    assert.equal(typeof body.traceId, 'string');
    assert.deepEqual(
      body.estimateActionHistory.map((h: { action: string }) => h.action),
      ['created', 'sent'],
    );

    const rows = await settled(estimate._id, 2);
    const [email, sms] = rows;
    assert.equal(email!.status, 'sent', email!.last_error ?? '');
    assert.equal(email!.transport, 'smtp');
    assert.equal(email!.invoice_id, null);
    assert.equal(sms!.status, 'sent', sms!.last_error ?? '');
    assert.equal(sms!.transport, 'twilio');

    const token = await estimateTokenOf(ctx.store, estimate._id);
    const link = `/e/${token}`;
    const parsed = await Promise.all(smtp.received.map((m) => simpleParser(m.raw)));
    const mail = parsed.find((m) => m.messageId === email!.message_id);
    assert.ok(mail, 'the email arrived');
    assert.match(mail.subject ?? '', /^Estimate EST-\d+ from Acme Builders$/);
    assert.deepEqual(mail.from?.value, [{ name: 'Acme Sales', address: 'invoices@acme.test' }]);
    for (const part of [mail.html as string, mail.text ?? '']) {
      assert.ok(part.includes(link), 'the message has the page link');
      assert.ok(part.includes(TOTAL_SHOWN), 'the message has the total');
      assert.ok(!part.includes(estimate._id), 'never the estimate id');
    }
    assert.equal(mail.attachments.length, 0);
    const url = new URL(/https?:\/\/\S+\/e\/[A-Za-z0-9_-]+/.exec(mail.text ?? '')![0]);
    const page = await ctx.app.inject({ method: 'GET', url: url.pathname });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Cabinets'), 'the page shows the estimate');
    assert.ok(page.body.includes(TOTAL_SHOWN));

    const texts = seen.filter((r) => r.form.get('To') === '+14155550123');
    assert.equal(texts.length, 1);
    const smsBody = texts[0]!.form.get('Body') ?? '';
    assert.ok(smsBody.includes(link), smsBody);
    assert.ok(smsBody.includes(TOTAL_SHOWN), smsBody);
    assert.ok(smsBody.length <= 160, smsBody);
  });

  test('test mode goes to the dev outbox, shown there with its estimate id', async () => {
    const estimate = await create();
    const res = await send(estimate._id, { action: 'email', liveMode: false });
    assert.equal(res.statusCode, 201, res.body);
    const [row] = await settled(estimate._id, 1);
    assert.equal(row!.transport, 'outbox');
    assert.equal(row!.status, 'sent', row!.last_error ?? '');
    assert.ok(row!.content?.text?.includes('TEST MODE'));
    const outbox = await ctx.app.inject({ method: 'GET', url: '/dev/outbox.json' });
    const listed = outbox.json().messages.find((m: { id: string }) => m.id === row!.id);
    assert.equal(listed.estimateId, estimate._id);
    assert.equal(listed.invoiceId, undefined);
  });

  test('a live message without SMTP configured is never listed in the dev outbox', async () => {
    const estimate = await create();
    // Written as a live send that fell back to the outbox would be.
    await ctx.store.db
      .updateTable('estimates')
      .set({ live_mode: true })
      .where('id', '=', estimate._id)
      .execute();
    const res = await send(estimate._id, { action: 'email', liveMode: true });
    assert.equal(res.statusCode, 201);
    const [row] = await settled(estimate._id, 1);
    await ctx.store.db
      .updateTable('deliveries')
      .set({ transport: 'outbox' })
      .where('id', '=', row!.id)
      .execute();
    const outbox = await ctx.app.inject({ method: 'GET', url: '/dev/outbox.json?limit=200' });
    assert.ok(!outbox.json().messages.some((m: { id: string }) => m.id === row!.id));
  });

  test('send_manually marks it sent with no message; a resend keeps sent, accepted stays accepted', async () => {
    const estimate = await create();
    const res = await send(estimate._id, { action: 'send_manually', liveMode: false });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().estimateStatus, 'sent');
    assert.equal((await deliveries(estimate._id)).length, 0);
    const page = await ctx.app.inject({
      method: 'GET',
      url: `/e/${await estimateTokenOf(ctx.store, estimate._id)}`,
    });
    assert.equal(page.statusCode, 200, 'a sent estimate has its page');
    const again = await send(estimate._id, { action: 'send_manually', liveMode: false });
    assert.equal(again.json().estimateStatus, 'sent');
    await setEstimateStatus(
      ctx.app,
      ctx.tenant.locationToken,
      ctx.tenant.locationId,
      estimate._id,
      'accepted',
    );
    const copy = await send(estimate._id, { action: 'send_manually', liveMode: false });
    assert.equal(copy.statusCode, 201, copy.body);
    assert.equal(copy.json().estimateStatus, 'accepted');
  });

  test('the send limit per estimate per hour is a 429 that changes nothing', async () => {
    const estimate = await create();
    for (let i = 0; i < 3; i++)
      assert.equal((await send(estimate._id, { action: 'send_manually', liveMode: false })).statusCode, 201);
    const refused = await send(estimate._id, { action: 'sms_and_email', liveMode: false });
    assert.equal(refused.statusCode, 429, refused.body);
    assert.match(refused.json().message, /sent 3 times in the last hour.*per estimate per hour/);
    assert.equal((await deliveries(estimate._id)).length, 0);
  });

  test('bad input is a 4xx naming the problem, and changes nothing', async () => {
    const noPhone = await create({ contactDetails: { id: 'c-2', name: 'Sam', email: 'sam@example.com' } });
    const noEmail = await create({ contactDetails: { id: 'c-3', name: 'Kim', phoneNo: '+14155550199' } });
    const badPhone = await create({ contactDetails: { id: 'c-4', name: 'Lee', phoneNo: 'not a phone' } });
    const expired = await create({ issueDate: '2020-01-01', expiryDate: '2020-02-01' });
    const declined = await create();
    await setEstimateStatus(
      ctx.app,
      ctx.tenant.locationToken,
      ctx.tenant.locationId,
      declined._id,
      'declined',
    );
    const cases: Array<[string, Record<string, unknown>, number, RegExp]> = [
      [
        noPhone._id,
        { action: 'sms', liveMode: false },
        400,
        /phoneNo is missing: the estimate cannot be sent by SMS/,
      ],
      [
        noEmail._id,
        { action: 'email', liveMode: false },
        400,
        /email is missing: the estimate cannot be emailed/,
      ],
      [badPhone._id, { action: 'sms', liveMode: false }, 400, /not a phone number in E.164/],
      [expired._id, { action: 'email', liveMode: false }, 400, /expired on 2020-02-01/],
      [declined._id, { action: 'email', liveMode: false }, 400, /declined/],
      [
        noPhone._id,
        { action: 'email', liveMode: false, userId: 'nobody-here' },
        400,
        /is not a user of location/,
      ],
      [noPhone._id, { action: 'fax', liveMode: false }, 422, /action/],
      [noPhone._id, { action: 'email' }, 422, /liveMode/],
      [noPhone._id, { action: 'email', liveMode: false, extra: 1 }, 422, /extra/],
      ['000000000000000000000000', { action: 'email', liveMode: false }, 404, /Estimate not found/],
    ];
    for (const [id, body, status, message] of cases) {
      const res = await send(id, body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
      assert.match(String(res.json().message), message);
    }
    for (const e of [noPhone, noEmail, badPhone, expired]) {
      const row = await ctx.store.db
        .selectFrom('estimates')
        .select(['status', 'history'])
        .where('id', '=', e._id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'draft');
      assert.equal(row.history.length, 1);
      assert.equal((await deliveries(e._id)).length, 0);
    }
  });

  test("another location's estimate: 404 with our altId, 403 with theirs; nothing changes", async () => {
    const theirs = await createEstimate(ctx.app, other.locationToken, other.locationId);
    const ours = await send(theirs._id, { action: 'email', liveMode: false });
    assert.equal(ours.statusCode, 404, ours.body);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/estimate/${theirs._id}/send`,
      headers: authHeaders(ctx.tenant.locationToken),
      payload: {
        altId: other.locationId,
        altType: 'location',
        userId: other.userId,
        action: 'email',
        liveMode: false,
      },
    });
    assert.equal(res.statusCode, 403, res.body);
    const row = await ctx.store.db
      .selectFrom('estimates')
      .select('status')
      .where('id', '=', theirs._id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'draft');
    assert.equal((await deliveries(theirs._id)).length, 0);
  });
});
