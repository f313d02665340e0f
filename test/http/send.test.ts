/**
 * POST /invoices/{id}/send against docs/send-invoice.md: the checks in order, the status rules,
 * the actions and channels, what one transaction records, idempotency and concurrency.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createToken } from '../../src/tenancy/tokens.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let ctx: TestContext;
let t: Tenant;
let other: Tenant;
let headers: Record<string, string>;
before(async () => {
  ctx = await setupApp();
  t = ctx.tenant;
  other = await seedTenant(ctx.store, 'Other');
  headers = authHeaders(t.locationToken);
});
after(async () => {
  await ctx.close();
});

const sendBody = (overrides: Record<string, unknown> = {}) => ({
  altId: t.locationId,
  altType: 'location',
  userId: t.userId,
  action: 'email',
  liveMode: false,
  ...overrides,
});

async function newInvoice(overrides: Record<string, unknown> = {}) {
  return createInvoice(ctx.app, t.locationToken, t.locationId, overrides);
}

function send(id: string, body: unknown, extraHeaders: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url: `/invoices/${id}/send`,
    headers: { ...headers, ...extraHeaders },
    payload: body as object,
  });
}

async function setStatus(id: string, status: string) {
  await ctx.store.db
    .updateTable('invoices')
    .set({ status: status as 'paid' })
    .where('id', '=', id)
    .execute();
}

/** Everything a send may touch, for "a failed request changes nothing". */
async function snapshot() {
  const row = await sql<{ s: string }>`
    select md5(concat_ws('|',
      (select string_agg(t::text, ',' order by t.id) from invoices t),
      (select string_agg(t::text, ',' order by t.id) from invoice_events t),
      (select string_agg(t::text, ',' order by t.id) from deliveries t),
      (select string_agg(t::text, ',' order by t.id) from webhook_events t),
      (select string_agg(t::text, ',' order by t.key) from idempotency_keys t),
      (select count(*)::text from pgboss.job))) as s`.execute(ctx.store.db);
  return row.rows[0]!.s;
}

const BAD = (message: string) => ({ statusCode: 400, message, error: 'Bad Request' });

describe('checks, in the order of docs/send-invoice.md §1', () => {
  test('rows 1-4: Version, token, scope', async () => {
    const inv = await newInvoice();
    const noVersion = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${inv._id}/send`,
      headers: { authorization: `Bearer ${t.locationToken}` },
      payload: { bogus: true },
    });
    assert.deepEqual(noVersion.json(), {
      statusCode: 401,
      message: 'version header was not found.',
      error: 'Unauthorized',
    });
    const readOnly = await createToken(ctx, {
      kind: 'location',
      companyId: t.companyId,
      locationId: t.locationId,
      scopes: ['invoices.readonly'],
    });
    const noScope = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${inv._id}/send`,
      headers: authHeaders(readOnly.token),
      payload: { bogus: true },
    });
    assert.deepEqual(noScope.json(), {
      statusCode: 401,
      message: 'The token is not authorized for this scope.',
      error: 'Unauthorized',
    });
  });

  test('row 5: the body is validated with class-validator style lines', async () => {
    const inv = await newInvoice();
    const res = await send(inv._id, sendBody({ action: 'fax', liveMode: 'yes', foo: 1 }));
    assert.equal(res.statusCode, 422);
    const { message, error } = res.json();
    assert.equal(error, 'Unprocessable Entity');
    for (const line of [
      'action must be one of the following values: sms_and_email, send_manually, email, sms',
      'liveMode must be a boolean value',
      'property foo should not exist',
    ]) {
      assert.ok(message.includes(line), `${line} in ${JSON.stringify(message)}`);
    }
    const malformed = await ctx.app.inject({
      method: 'POST',
      url: `/invoices/${inv._id}/send`,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: '{"action":',
    });
    assert.equal(malformed.body, '{"statusCode":400,"message":"Bad Request"}');
  });

  test('row 6: a location the token may not act for is a 403', async () => {
    const inv = await newInvoice();
    const res = await send(inv._id, sendBody({ altId: other.locationId }));
    assert.deepEqual(res.json(), {
      statusCode: 403,
      message: 'The token does not have access to this location.',
      error: 'Forbidden',
    });
  });

  test("row 7: another location's invoice is a 404, before the user check", async () => {
    const theirs = await createInvoice(ctx.app, other.locationToken, other.locationId);
    const res = await send(theirs._id, sendBody({ userId: 'nobody' }));
    assert.deepEqual(res.json(), { statusCode: 404, message: 'Invoice not found', error: 'Not Found' });
  });

  test('row 8: a user without access to the location is a 400, before the status check', async () => {
    const inv = await newInvoice();
    await setStatus(inv._id, 'paid');
    for (const userId of ['nobody', other.userId]) {
      const res = await send(inv._id, sendBody({ userId }));
      assert.deepEqual(res.json(), BAD(`userId ${userId} is not a user of location ${t.locationId}`));
    }
  });

  test('row 9: paid and void invoices cannot be sent; the message names the status (before channels)', async () => {
    for (const status of ['paid', 'void']) {
      const inv = await newInvoice({ contactDetails: { id: 'c', name: 'No Email' } });
      await setStatus(inv._id, status);
      const res = await send(inv._id, sendBody());
      assert.equal(res.statusCode, 400);
      assert.match(res.json().message, new RegExp(`is ${status}`));
    }
  });

  test('row 10: a channel that cannot reach the contact names the missing field', async () => {
    const noEmail = await newInvoice({
      contactDetails: { id: 'c', name: 'Phone Only', phoneNo: '+14155550123' },
    });
    assert.deepEqual(
      (await send(noEmail._id, sendBody({ action: 'email' }))).json(),
      BAD('contactDetails.email is missing: the invoice cannot be emailed'),
    );
    const noPhone = await newInvoice({
      contactDetails: { id: 'c', name: 'Email Only', email: 'e@example.com' },
    });
    assert.deepEqual(
      (await send(noPhone._id, sendBody({ action: 'sms' }))).json(),
      BAD('contactDetails.phoneNo is missing: the invoice cannot be sent by SMS'),
    );
    const neither = await newInvoice({ contactDetails: { id: 'c', name: 'Nobody' } });
    assert.deepEqual(
      (await send(neither._id, sendBody({ action: 'sms_and_email' }))).json(),
      BAD('contactDetails.email and contactDetails.phoneNo are both missing: the invoice cannot be sent'),
    );
    const badPhone = await newInvoice({ contactDetails: { id: 'c', name: 'Bad', phoneNo: '12' } });
    const res = await send(badPhone._id, sendBody({ action: 'sms' }));
    assert.equal(res.statusCode, 400);
    assert.match(res.json().message, /contactDetails.phoneNo "12" is not a phone number in E.164 form/);
  });

  test('autoPayment enable without a known payment method is a 422', async () => {
    const inv = await newInvoice();
    const res = await send(
      inv._id,
      sendBody({ autoPayment: { enable: true, paymentMethodId: 'pm_1', customerId: 'cus_1' } }),
    );
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().message, [
      'autoPayment.paymentMethodId pm_1 is not a payment method the test provider knows for customer cus_1',
    ]);
  });

  test('no failed send changes anything', async () => {
    const inv = await newInvoice({ contactDetails: { id: 'c', name: 'Nobody' } });
    const paid = await newInvoice();
    await setStatus(paid._id, 'paid');
    const before = await snapshot();
    const failures = [
      await send(inv._id, sendBody({ action: 'email' })),
      await send(inv._id, sendBody({ action: 'sms_and_email' }), { 'idempotency-key': 'k-fail' }),
      await send(inv._id, sendBody({ userId: 'x' })),
      await send(paid._id, sendBody()),
      await send(inv._id, sendBody({ action: 'send_manually', autoPayment: { enable: true } })),
      await send(inv._id, sendBody({ altId: other.locationId })),
      await send(inv._id, { nope: 1 }),
    ];
    for (const res of failures) assert.ok(res.statusCode >= 400 && res.statusCode < 500, res.body);
    assert.equal(await snapshot(), before);
  });
});

describe('status rules and what a send records', () => {
  test('draft -> sent: stamps sentAt, takes liveMode, queues one email, one history record, one InvoiceSent', async () => {
    const inv = await newInvoice({ liveMode: true });
    assert.equal(inv.status, 'draft');
    const res = await send(inv._id, sendBody({ action: 'email', liveMode: false }));
    assert.equal(res.statusCode, 200, res.body);
    const { invoice, emailData, smsData } = res.json();
    assert.equal(invoice.status, 'sent');
    assert.equal(invoice.liveMode, false);
    assert.ok(invoice.sentAt);
    assert.equal(emailData.status, 'queued');
    assert.equal(emailData.recipient, 'alex@example.com');
    assert.match(emailData.messageId, /^<[0-9a-f]{24}@hl-invoices\.local>$/);
    assert.equal(emailData.transport, 'outbox', 'test mode never leaves the machine');
    assert.deepEqual(smsData, { status: 'not_requested' });

    const get = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/${inv._id}?altId=${t.locationId}&altType=location`,
      headers,
    });
    assert.deepEqual(get.json(), invoice, 'the response carries the invoice as GET returns it');

    const deliveries = await ctx.store.db
      .selectFrom('deliveries')
      .selectAll()
      .where('invoice_id', '=', inv._id)
      .execute();
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0]!.message_id, emailData.messageId);
    const jobs = await sql<{
      n: string;
    }>`select count(*) as n from pgboss.job where data->>'deliveryId' = ${deliveries[0]!.id}`.execute(
      ctx.store.db,
    );
    assert.equal(Number(jobs.rows[0]!.n), 1);
    const sent = await ctx.store.db
      .selectFrom('invoice_events')
      .select(['type', 'actor', 'data'])
      .where('invoice_id', '=', inv._id)
      .where('type', '=', 'sent')
      .execute();
    assert.equal(sent.length, 1);
    assert.equal((sent[0]!.actor as { userId: string }).userId, t.userId);
    assert.equal((sent[0]!.data as { action: string }).action, 'email');
    const hooks = await ctx.store.db
      .selectFrom('webhook_events')
      .select(['type', 'payload'])
      .where('location_id', '=', t.locationId)
      .execute();
    const mine = hooks.filter((h) => (h.payload as { _id: string })._id === inv._id);
    assert.deepEqual(
      mine.map((h) => h.type),
      ['InvoiceCreate', 'InvoiceSent'],
    );
    assert.equal((mine[1]!.payload as { invoiceNumber: unknown }).invoiceNumber, String(inv.invoiceNumber));
    assert.equal((mine[1]!.payload as { companyId: unknown }).companyId, t.companyId);
  });

  test('a resend from sent, partially_paid and payment_processing keeps the status and the first sentAt', async () => {
    for (const status of ['sent', 'partially_paid', 'payment_processing']) {
      const inv = await newInvoice();
      const first = (await send(inv._id, sendBody({ action: 'send_manually' }))).json().invoice;
      await setStatus(inv._id, status);
      const res = await send(inv._id, sendBody({ action: 'email' }));
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().invoice.status, status);
      assert.equal(res.json().invoice.sentAt, first.sentAt);
    }
  });

  test('sms_and_email with only an email sends the email and reports SMS as skipped', async () => {
    const inv = await newInvoice({
      contactDetails: { id: 'c', name: 'Email Only', email: 'only@example.com' },
    });
    const res = await send(inv._id, sendBody({ action: 'sms_and_email' }));
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().emailData.status, 'queued');
    assert.equal(res.json().smsData.status, 'skipped');
    const phoneOnly = await newInvoice({
      contactDetails: { id: 'c', name: 'Phone', phoneNo: '+1 (415) 555-0199' },
    });
    const res2 = await send(phoneOnly._id, sendBody({ action: 'sms_and_email' }));
    assert.equal(res2.json().emailData.status, 'skipped');
    assert.equal(res2.json().smsData.status, 'queued');
    assert.equal(res2.json().smsData.recipient, '+14155550199', 'the phone number is normalised to E.164');
  });

  test('send_manually queues nothing and ignores sentFrom', async () => {
    const inv = await newInvoice();
    const res = await send(
      inv._id,
      sendBody({ action: 'send_manually', sentFrom: { fromEmail: 'x@evil.example' } }),
    );
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().emailData, { status: 'not_requested' });
    assert.deepEqual(res.json().smsData, { status: 'not_requested' });
    assert.equal(res.json().invoice.status, 'sent');
    const count = await ctx.store.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('invoice_id', '=', inv._id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
    const event = await ctx.store.db
      .selectFrom('invoice_events')
      .select('data')
      .where('invoice_id', '=', inv._id)
      .where('type', '=', 'sent')
      .executeTakeFirstOrThrow();
    assert.equal((event.data as { sentFrom: unknown }).sentFrom, null);
  });

  test('autoPayment disabled is stored on the invoice', async () => {
    const inv = await newInvoice();
    const res = await send(inv._id, sendBody({ action: 'send_manually', autoPayment: { enable: false } }));
    assert.equal(res.statusCode, 200);
    const row = await ctx.store.db
      .selectFrom('invoices')
      .select('auto_payment')
      .where('id', '=', inv._id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.auto_payment, { enable: false });
  });
});

describe('idempotency and concurrency (docs/send-invoice.md §6)', () => {
  test('the same key and body replays the first response and does nothing more', async () => {
    const inv = await newInvoice();
    const key = { 'idempotency-key': `key-${inv._id}` };
    const first = await send(inv._id, sendBody(), key);
    assert.equal(first.statusCode, 200);
    const second = await send(inv._id, sendBody(), key);
    assert.equal(second.statusCode, 200);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.deepEqual(second.json(), first.json());
    const events = await ctx.store.db
      .selectFrom('invoice_events')
      .select('id')
      .where('invoice_id', '=', inv._id)
      .where('type', '=', 'sent')
      .execute();
    assert.equal(events.length, 1);
    const deliveries = await ctx.store.db
      .selectFrom('deliveries')
      .select('id')
      .where('invoice_id', '=', inv._id)
      .execute();
    assert.equal(deliveries.length, 1);
  });

  test('the same key with a different body is a 422 and changes nothing', async () => {
    const inv = await newInvoice();
    const key = { 'idempotency-key': `other-${inv._id}` };
    assert.equal((await send(inv._id, sendBody(), key)).statusCode, 200);
    const before = await snapshot();
    const res = await send(inv._id, sendBody({ action: 'send_manually' }), key);
    assert.equal(res.statusCode, 422);
    assert.match(res.json().message[0], /Idempotency-Key was already used with a different request body/);
    assert.equal(await snapshot(), before);
  });

  test('an unusable key is a 422', async () => {
    const inv = await newInvoice();
    const res = await send(inv._id, sendBody(), { 'idempotency-key': 'x'.repeat(300) });
    assert.equal(res.statusCode, 422);
  });

  test('concurrent requests with one key send once', async () => {
    const inv = await newInvoice();
    const key = { 'idempotency-key': `race-${inv._id}` };
    const results = await Promise.all(Array.from({ length: 10 }, () => send(inv._id, sendBody(), key)));
    for (const r of results) assert.equal(r.statusCode, 200, r.body);
    const ids = new Set(results.map((r) => r.json().emailData.deliveryId));
    assert.equal(ids.size, 1);
    const deliveries = await ctx.store.db
      .selectFrom('deliveries')
      .select('id')
      .where('invoice_id', '=', inv._id)
      .execute();
    assert.equal(deliveries.length, 1);
  });

  test('20 concurrent sends of one draft: one draft -> sent transition, 20 consistent resends', async () => {
    const inv = await newInvoice();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => send(inv._id, sendBody({ action: 'sms_and_email' }))),
    );
    for (const r of results) assert.equal(r.statusCode, 200, r.body);
    const events = await ctx.store.db
      .selectFrom('invoice_events')
      .select(['data', 'created_at'])
      .where('invoice_id', '=', inv._id)
      .where('type', '=', 'sent')
      .orderBy('id')
      .execute();
    assert.equal(events.length, 20);
    const before = events.map((e) => (e.data as { statusBefore: string }).statusBefore);
    assert.deepEqual(before, ['draft', ...Array(19).fill('sent')]);
    const deliveries = await ctx.store.db
      .selectFrom('deliveries')
      .select('channel')
      .where('invoice_id', '=', inv._id)
      .execute();
    assert.equal(deliveries.length, 40);
    const row = await ctx.store.db
      .selectFrom('invoices')
      .select(['status', 'sent_at'])
      .where('id', '=', inv._id)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'sent');
    const sentAts = new Set(results.map((r) => r.json().invoice.sentAt));
    assert.equal(sentAts.size, 1, 'every response shows the one first sentAt');
  });

  test('a void racing a send never leaves a void invoice with a send after it', async () => {
    const inv = await newInvoice();
    const [voidRes, sendRes] = await Promise.all([
      ctx.app.inject({
        method: 'POST',
        url: `/invoices/${inv._id}/void`,
        headers,
        payload: { altId: t.locationId, altType: 'location' },
      }),
      send(inv._id, sendBody()),
    ]);
    assert.equal(voidRes.statusCode, 200);
    const events = await ctx.store.db
      .selectFrom('invoice_events')
      .select('type')
      .where('invoice_id', '=', inv._id)
      .orderBy('id')
      .execute();
    const types = events.map((e) => e.type);
    if (sendRes.statusCode === 200) assert.deepEqual(types, ['created', 'sent', 'voided']);
    else {
      assert.equal(sendRes.statusCode, 400);
      assert.deepEqual(types, ['created', 'voided']);
    }
  });
});
