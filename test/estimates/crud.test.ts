/** Estimates: create, update, delete, list, numbers per location and the last-visited stat. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { createEstimate, estimateBody } from '../fixtures/estimates.ts';

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

test('a new estimate is a draft with the next number of its location, EST- prefix and its total', async () => {
  const first = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  assert.equal(first.estimateStatus, 'draft');
  assert.equal(first.estimateNumberPrefix, 'EST-');
  assert.equal(first.total, 2855);
  assert.equal(first.items.length, 2);
  assert.ok(first.items[0]._id);
  assert.deepEqual(
    first.estimateActionHistory.map((h: { action: string }) => h.action),
    ['created'],
  );
  const next = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/number/generate?altId=${loc}&altType=location`,
    headers,
  });
  assert.equal(next.statusCode, 200);
  assert.equal(next.json().estimateNumber, first.estimateNumber + 1);
  const second = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  assert.equal(second.estimateNumber, first.estimateNumber + 1);
});

test('a chosen estimate number moves the counter on; a number already used is a 400', async () => {
  const chosen = await createEstimate(ctx.app, ctx.tenant.locationToken, loc, { estimateNumber: 500 });
  assert.equal(chosen.estimateNumber, 500);
  const after500 = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  assert.equal(after500.estimateNumber, 501);
  const dup = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate',
    headers,
    payload: estimateBody(loc, { estimateNumber: 500 }),
  });
  assert.equal(dup.statusCode, 400, dup.body);
  assert.match(dup.json().message, /estimate number 500 is already used/);
});

test('without dates an estimate is issued today and valid for 30 days; expiry before issue is a 400', async () => {
  const { issueDate: _i, expiryDate: _e, ...body } = estimateBody(loc);
  const res = await ctx.app.inject({ method: 'POST', url: '/invoices/estimate', headers, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(res.json().issueDate, today);
  const expiry = new Date(`${today}T00:00:00Z`);
  expiry.setUTCDate(expiry.getUTCDate() + 30);
  assert.equal(res.json().expiryDate, expiry.toISOString().slice(0, 10));
  const bad = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate',
    headers,
    payload: estimateBody(loc, { issueDate: '2026-11-10', expiryDate: '2026-11-01' }),
  });
  assert.equal(bad.statusCode, 400);
});

test('wrong amounts and a missing required field are refused', async () => {
  const bad = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate',
    headers,
    payload: estimateBody(loc, { items: [{ name: 'x', currency: 'EUR', amount: 1, qty: 1 }] }),
  });
  assert.equal(bad.statusCode, 422, bad.body);
  const { frequencySettings: _f, ...noFrequency } = estimateBody(loc);
  const missing = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate',
    headers,
    payload: noFrequency,
  });
  assert.equal(missing.statusCode, 422, missing.body);
});

test('update replaces the fields and records it; delete answers it deleted and it is gone', async () => {
  const created = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  const updated = await ctx.app.inject({
    method: 'PUT',
    url: `/invoices/estimate/${created._id}`,
    headers,
    payload: estimateBody(loc, {
      name: 'Bathroom',
      items: [{ name: 'Tiles', currency: 'USD', amount: 10, qty: 3 }],
    }),
  });
  assert.equal(updated.statusCode, 200, updated.body);
  assert.equal(updated.json().name, 'Bathroom');
  assert.equal(updated.json().total, 30);
  assert.equal(updated.json().estimateNumber, created.estimateNumber);
  assert.deepEqual(
    updated.json().estimateActionHistory.map((h: { action: string }) => h.action),
    ['created', 'updated'],
  );
  const invoiced = await ctx.app.inject({
    method: 'PUT',
    url: `/invoices/estimate/${created._id}`,
    headers,
    payload: estimateBody(loc, { estimateStatus: 'invoiced' }),
  });
  assert.equal(invoiced.statusCode, 400, invoiced.body);

  const deleted = await ctx.app.inject({
    method: 'DELETE',
    url: `/invoices/estimate/${created._id}`,
    headers,
    payload: { altId: loc, altType: 'location' },
  });
  assert.equal(deleted.statusCode, 200, deleted.body);
  assert.equal(deleted.json().deleted, true);
  const again = await ctx.app.inject({
    method: 'DELETE',
    url: `/invoices/estimate/${created._id}`,
    headers,
    payload: { altId: loc, altType: 'location' },
  });
  assert.equal(again.statusCode, 404);
  const put = await ctx.app.inject({
    method: 'PUT',
    url: `/invoices/estimate/${created._id}`,
    headers,
    payload: estimateBody(loc),
  });
  assert.equal(put.statusCode, 404);
});

test('the list filters by status, contact and search and pages', async () => {
  await createEstimate(ctx.app, ctx.tenant.locationToken, loc, {
    name: 'Garden shed',
    contactDetails: { id: 'contact-9', name: 'Sam', email: 'sam@example.com', phoneNo: '+14155550999' },
  });
  const q = `altId=${loc}&altType=location`;
  const byContact = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/list?${q}&contactId=contact-9&limit=10&offset=0`,
    headers,
  });
  assert.equal(byContact.statusCode, 200, byContact.body);
  assert.equal(byContact.json().total, 1);
  assert.equal(byContact.json().estimates[0].name, 'Garden shed');
  const search = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/list?${q}&search=shed&limit=10&offset=0`,
    headers,
  });
  assert.equal(search.json().total, 1);
  const all = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/list?${q}&status=all&limit=2&offset=0`,
    headers,
  });
  assert.equal(all.json().estimates.length, 2);
  assert.ok(all.json().total > 2);
  const sent = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/list?${q}&status=sent&limit=10&offset=0`,
    headers,
  });
  assert.equal(sent.json().total, 0);
});

test('last-visited-at records the visit; an unknown estimate is a 404', async () => {
  const created = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  const res = await ctx.app.inject({
    method: 'PATCH',
    url: '/invoices/estimate/stats/last-visited-at',
    headers,
    payload: { estimateId: created._id },
  });
  assert.equal(res.statusCode, 200, res.body);
  const row = await ctx.store.db
    .selectFrom('estimates')
    .select('last_visited_at')
    .where('id', '=', created._id)
    .executeTakeFirstOrThrow();
  assert.ok(row.last_visited_at instanceof Date);
  const unknown = await ctx.app.inject({
    method: 'PATCH',
    url: '/invoices/estimate/stats/last-visited-at',
    headers,
    payload: { estimateId: 'nope' },
  });
  assert.equal(unknown.statusCode, 404);
});

test('a token without the estimate scopes is refused', async () => {
  const { createToken } = await import('../../src/tenancy/tokens.ts');
  const readOnly = await createToken(
    { store: ctx.store },
    {
      kind: 'location',
      companyId: ctx.tenant.companyId,
      locationId: loc,
      scopes: ['invoices/estimate.readonly'],
    },
  );
  const write = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate',
    headers: authHeaders(readOnly.token),
    payload: estimateBody(loc),
  });
  assert.equal(write.statusCode, 401, write.body);
  const read = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/list?altId=${loc}&altType=location&limit=1&offset=0`,
    headers: authHeaders(readOnly.token),
  });
  assert.equal(read.statusCode, 200, read.body);
});
