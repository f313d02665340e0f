/** POST /invoices/text2pay (issue #12 item 7): create or update, and text the pay link, in one transaction. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { invoiceBody } from '../fixtures/invoices.ts';

let ctx: TestContext;
let a: Tenant;
before(async () => {
  ctx = await setupApp();
  a = ctx.tenant;
});
after(async () => {
  await ctx.close();
});

function body(overrides: Record<string, unknown> = {}) {
  const { businessDetails: _b, discount: _d, ...rest } = invoiceBody(a.locationId);
  return { ...rest, userId: a.userId, action: 'send', ...overrides };
}

const post = (payload: unknown, token = a.locationToken) =>
  ctx.app.inject({
    method: 'POST',
    url: '/invoices/text2pay',
    headers: authHeaders(token),
    payload: payload as object,
  });

async function countInvoices(): Promise<number> {
  const row = await ctx.store.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('location_id', '=', a.locationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

test('send: a new invoice is created and texted, with its page link; events for both', async () => {
  const res = await post(body());
  assert.equal(res.statusCode, 200, res.body);
  const { invoice, invoiceUrl } = res.json();
  assert.equal(invoice.status, 'sent');
  assert.deepEqual(invoice.discount, { type: 'percentage', value: 0 });
  const token = /\/i\/([^/?#]+)$/.exec(invoiceUrl)?.[1];
  assert.ok(token && invoiceUrl.startsWith('http://127.0.0.1:3000/i/'), invoiceUrl);
  const page = await ctx.app.inject({ method: 'GET', url: `/i/${token}` });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Alex Doe/);

  const deliveries = await ctx.store.db
    .selectFrom('deliveries')
    .select(['channel', 'recipient'])
    .where('invoice_id', '=', invoice._id)
    .execute();
  assert.deepEqual(deliveries, [{ channel: 'sms', recipient: '+14155550123' }]);
  const events = await ctx.store.db
    .selectFrom('webhook_events')
    .select('type')
    .where('payload', '@>', JSON.stringify({ _id: invoice._id }) as never)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    events.map((e) => e.type),
    ['InvoiceCreate', 'InvoiceSent'],
  );
});

test('draft: created only; then the same invoice updated by id and sent', async () => {
  const draft = await post(body({ action: 'draft' }));
  assert.equal(draft.statusCode, 200, draft.body);
  assert.equal(draft.json().invoice.status, 'draft');
  const id = draft.json().invoice._id;
  const before = await countInvoices();
  const updated = await post(
    body({ id, action: 'send', items: [{ name: 'Consulting', currency: 'USD', amount: 150, qty: 2 }] }),
  );
  assert.equal(updated.statusCode, 200, updated.body);
  assert.equal(updated.json().invoice._id, id);
  assert.equal(updated.json().invoice.total, 300);
  assert.equal(updated.json().invoice.status, 'sent');
  assert.equal(await countInvoices(), before, 'no new invoice');
});

test('a refused send leaves nothing behind: no invoice, no event', async () => {
  const before = await countInvoices();
  const eventsBefore = await ctx.store.db
    .selectFrom('webhook_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const noPhone = await post(
    body({ contactDetails: { id: 'c-2', name: 'No Phone', email: 'np@example.com' } }),
  );
  assert.equal(noPhone.statusCode, 400, noPhone.body);
  assert.match(noPhone.json().message, /phoneNo is missing/);
  const stranger = await post(body({ userId: 'not-a-user' }));
  assert.equal(stranger.statusCode, 400, stranger.body);
  assert.equal(await countInvoices(), before);
  const eventsAfter = await ctx.store.db
    .selectFrom('webhook_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(eventsAfter.n, eventsBefore.n);
});

test("another location's invoice id, or its altId, is refused", async () => {
  const b = await seedTenant(ctx.store, 'Other');
  const theirs = await post(
    { ...body({ action: 'draft' }), altId: b.locationId, userId: b.userId },
    b.locationToken,
  );
  assert.equal(theirs.statusCode, 200, theirs.body);
  const viaId = await post(body({ id: theirs.json().invoice._id, action: 'draft' }));
  assert.equal(viaId.statusCode, 404, viaId.body);
  const viaAlt = await post({ ...body(), altId: b.locationId });
  assert.equal(viaAlt.statusCode, 403, viaAlt.body);
  const bad = await post(body({ action: 'sms' }));
  assert.equal(bad.statusCode, 422, bad.body);
});
