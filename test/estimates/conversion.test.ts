/** An estimate becomes an invoice only when sent or accepted, and only once. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { createEstimate, estimateBody, setEstimateStatus } from '../fixtures/estimates.ts';

let ctx: TestContext;
let headers: Record<string, string>;
let loc: string;
before(async () => {
  ctx = await setupApp();
  headers = authHeaders(ctx.tenant.locationToken);
  loc = ctx.tenant.locationId;
});
after(async () => {
  await ctx.close();
});

const convert = (id: string, markAsInvoiced = true) =>
  ctx.app.inject({
    method: 'POST',
    url: `/invoices/estimate/${id}/invoice`,
    headers,
    payload: { altId: loc, altType: 'location', markAsInvoiced },
  });

async function invoiceCount(): Promise<number> {
  const row = await ctx.store.db
    .selectFrom('invoices')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

test('a draft or declined estimate is a 400 and no invoice is made', async () => {
  const draft = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  const before = await invoiceCount();
  const refused = await convert(draft._id);
  assert.equal(refused.statusCode, 400, refused.body);
  assert.match(refused.json().message, /draft estimate cannot be invoiced: send it first/);
  const declined = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  await setEstimateStatus(ctx.app, ctx.tenant.locationToken, loc, declined._id, 'declined');
  const no = await convert(declined._id);
  assert.equal(no.statusCode, 400, no.body);
  assert.match(no.json().message, /declined estimate cannot be invoiced/);
  assert.equal(await invoiceCount(), before);
});

test('an accepted estimate becomes a draft invoice with its contact, items and discount; twice is refused', async () => {
  const fields = { discount: { type: 'fixed', value: 55 }, termsNotes: 'Valid for the quoted work only' };
  const estimate = await createEstimate(ctx.app, ctx.tenant.locationToken, loc, fields);
  await setEstimateStatus(ctx.app, ctx.tenant.locationToken, loc, estimate._id, 'accepted', fields);
  const res = await convert(estimate._id);
  assert.equal(res.statusCode, 200, res.body);
  const { invoice, estimate: after } = res.json();
  assert.equal(invoice.status, 'draft');
  assert.equal(invoice.name, 'Kitchen remodel');
  assert.equal(invoice.total, 2800);
  assert.equal(invoice.contactDetails.id, 'contact-1');
  assert.equal(invoice.termsNotes, 'Valid for the quoted work only');
  assert.deepEqual(
    invoice.invoiceItems.map((i: { name: string }) => i.name),
    ['Cabinets', 'Labour'],
  );
  assert.equal(after.estimateStatus, 'invoiced');
  assert.equal(after.invoiceId, invoice._id);
  assert.equal(after.estimateActionHistory.at(-1).action, 'invoiced');
  assert.equal(after.estimateActionHistory.at(-1).invoiceId, invoice._id);

  const got = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/${invoice._id}?altId=${loc}&altType=location`,
    headers,
  });
  assert.equal(got.statusCode, 200);
  const before = await invoiceCount();
  const twice = await convert(estimate._id);
  assert.equal(twice.statusCode, 400, twice.body);
  assert.match(twice.json().message, /already converted into invoice/);
  assert.equal(await invoiceCount(), before);
});

test('a sent estimate converts without markAsInvoiced: it stays sent, and a second conversion is refused', async () => {
  const estimate = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  await setEstimateStatus(ctx.app, ctx.tenant.locationToken, loc, estimate._id, 'sent');
  const res = await convert(estimate._id, false);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().estimate.estimateStatus, 'sent');
  assert.equal((await convert(estimate._id, false)).statusCode, 400);
  const change = await ctx.app.inject({
    method: 'PUT',
    url: `/invoices/estimate/${estimate._id}`,
    headers,
    payload: estimateBody(loc),
  });
  assert.equal(change.statusCode, 400, 'a converted estimate is not changed');
});

test('two conversions at once make one invoice', async () => {
  const estimate = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  await setEstimateStatus(ctx.app, ctx.tenant.locationToken, loc, estimate._id, 'accepted');
  const before = await invoiceCount();
  const answers = await Promise.all([convert(estimate._id), convert(estimate._id), convert(estimate._id)]);
  assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 400, 400]);
  assert.equal(await invoiceCount(), before + 1);
});
