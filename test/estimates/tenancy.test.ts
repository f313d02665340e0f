/** A token acts only on its own location's estimates and estimate templates. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import {
  createEstimate,
  estimateBody,
  estimateTemplateBody,
  setEstimateStatus,
} from '../fixtures/estimates.ts';

let ctx: TestContext;
let a: Tenant;
let b: Tenant;
let theirs: string;
let theirTemplate: string;
before(async () => {
  ctx = await setupApp();
  a = ctx.tenant;
  b = await seedTenant(ctx.store, 'Other');
  theirs = (await createEstimate(ctx.app, b.locationToken, b.locationId, { name: 'B only' }))._id;
  await setEstimateStatus(ctx.app, b.locationToken, b.locationId, theirs, 'accepted');
  const t = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate/template',
    headers: authHeaders(b.locationToken),
    payload: estimateTemplateBody(b.locationId),
  });
  theirTemplate = t.json()._id;
});
after(async () => {
  await ctx.close();
});

test("another location's estimate is a 404 with our own altId, and a 403 with theirs", async () => {
  const headers = authHeaders(a.locationToken);
  const alt = { altId: a.locationId, altType: 'location' };
  const attempts = [
    { method: 'PUT' as const, url: `/invoices/estimate/${theirs}`, payload: estimateBody(a.locationId) },
    { method: 'DELETE' as const, url: `/invoices/estimate/${theirs}`, payload: alt },
    {
      method: 'POST' as const,
      url: `/invoices/estimate/${theirs}/invoice`,
      payload: { ...alt, markAsInvoiced: true },
    },
    {
      method: 'PATCH' as const,
      url: '/invoices/estimate/stats/last-visited-at',
      payload: { estimateId: theirs },
    },
    {
      method: 'PUT' as const,
      url: `/invoices/estimate/template/${theirTemplate}`,
      payload: estimateTemplateBody(a.locationId),
    },
    { method: 'DELETE' as const, url: `/invoices/estimate/template/${theirTemplate}`, payload: alt },
    {
      method: 'GET' as const,
      url: `/invoices/estimate/template/preview?altId=${a.locationId}&altType=location&templateId=${theirTemplate}`,
    },
  ];
  for (const attempt of attempts) {
    const res = await ctx.app.inject({ ...attempt, headers });
    assert.equal(res.statusCode, 404, `${attempt.method} ${attempt.url}: ${res.body}`);
  }
  const withTheirs = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/list?altId=${b.locationId}&altType=location&limit=10&offset=0`,
    headers,
  });
  assert.equal(withTheirs.statusCode, 403);
  const create = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate',
    headers,
    payload: estimateBody(b.locationId),
  });
  assert.equal(create.statusCode, 403);
  const row = await ctx.store.db
    .selectFrom('estimates')
    .select(['status', 'invoice_id', 'last_visited_at'])
    .where('id', '=', theirs)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { status: 'accepted', invoice_id: null, last_visited_at: null });
});

test('lists and numbers are per location', async () => {
  await createEstimate(ctx.app, a.locationToken, a.locationId);
  const list = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/list?altId=${a.locationId}&altType=location&limit=10&offset=0`,
    headers: authHeaders(a.locationToken),
  });
  assert.ok(list.json().estimates.every((e: { name: string }) => e.name !== 'B only'));
  const next = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/number/generate?altId=${b.locationId}&altType=location`,
    headers: authHeaders(b.locationToken),
  });
  assert.equal(next.json().estimateNumber, 2);
});
