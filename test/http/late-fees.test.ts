/** PATCH /invoices/{invoiceId}/late-fees-configuration (issue #12): the rule kept with the invoice. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let ctx: TestContext;
let a: Tenant;
before(async () => {
  ctx = await setupApp();
  a = ctx.tenant;
});
after(async () => {
  await ctx.close();
});

const FEES = {
  enable: true,
  value: 2.5,
  type: 'percentage',
  frequency: { intervalCount: 1, interval: 'month' },
  grace: { intervalCount: 5, interval: 'day' },
  maxLateFees: { type: 'fixed', value: 100 },
};

const patch = (invoiceId: string, body: unknown, token = a.locationToken) =>
  ctx.app.inject({
    method: 'PATCH',
    url: `/invoices/${invoiceId}/late-fees-configuration`,
    headers: authHeaders(token),
    payload: body as object,
  });

test('the rule is kept, echoed by GET, recorded in the history, and announced as InvoiceUpdate', async () => {
  const invoice = await createInvoice(ctx.app, a.locationToken, a.locationId);
  const res = await patch(invoice._id, {
    altId: a.locationId,
    altType: 'location',
    lateFeesConfiguration: FEES,
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().lateFeesConfiguration, FEES);
  assert.equal(res.json().total, invoice.total);
  const got = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/${invoice._id}?altId=${a.locationId}&altType=location`,
    headers: authHeaders(a.locationToken),
  });
  assert.deepEqual(got.json().lateFeesConfiguration, FEES);
  const history = await ctx.store.db
    .selectFrom('invoice_events')
    .select(['type', 'data'])
    .where('invoice_id', '=', invoice._id)
    .orderBy('id')
    .execute();
  assert.deepEqual(history.at(-1), { type: 'updated', data: { lateFeesConfiguration: FEES } });
  const hooks = await ctx.store.db
    .selectFrom('webhook_events')
    .select('type')
    .where('location_id', '=', a.locationId)
    .orderBy('id', 'desc')
    .limit(1)
    .execute();
  assert.deepEqual(hooks, [{ type: 'InvoiceUpdate' }]);
});

test('a void invoice, a bad rule and another location are refused, changing nothing', async () => {
  const invoice = await createInvoice(ctx.app, a.locationToken, a.locationId);
  const voided = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${invoice._id}/void`,
    headers: authHeaders(a.locationToken),
    payload: { altId: a.locationId, altType: 'location' },
  });
  assert.equal(voided.statusCode, 200, voided.body);
  const refused = await patch(invoice._id, {
    altId: a.locationId,
    altType: 'location',
    lateFeesConfiguration: FEES,
  });
  assert.deepEqual(refused.json(), {
    statusCode: 400,
    message: 'A void invoice cannot have late fees',
    error: 'Bad Request',
  });

  const draft = await createInvoice(ctx.app, a.locationToken, a.locationId);
  const bad = await patch(draft._id, {
    altId: a.locationId,
    altType: 'location',
    lateFeesConfiguration: { ...FEES, frequency: { intervalCount: 1, interval: 'fortnight' } },
  });
  assert.equal(bad.statusCode, 422, bad.body);

  const b = await seedTenant(ctx.store, 'Other');
  const theirs = await patch(draft._id, {
    altId: b.locationId,
    altType: 'location',
    lateFeesConfiguration: FEES,
  });
  assert.equal(theirs.statusCode, 403);
  const notTheirs = await patch(
    draft._id,
    { altId: b.locationId, altType: 'location', lateFeesConfiguration: FEES },
    b.locationToken,
  );
  assert.equal(notTheirs.statusCode, 404);
  const unchanged = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/${draft._id}?altId=${a.locationId}&altType=location`,
    headers: authHeaders(a.locationToken),
  });
  assert.equal(unchanged.json().lateFeesConfiguration, undefined);
});
