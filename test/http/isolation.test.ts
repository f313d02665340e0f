/**
 * Tenancy (docs/send-invoice.md §1 rows 6 and 7): a token acts only for its own location(s); an invoice of another location
 * is a 404 whatever the route, and lists never leak.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let ctx: TestContext;
let a: Tenant;
let b: Tenant;
let theirs: { _id: string; name: string };
before(async () => {
  ctx = await setupApp();
  a = ctx.tenant;
  b = await seedTenant(ctx.store, 'Other');
  theirs = await createInvoice(ctx.app, b.locationToken, b.locationId, { name: 'B only' });
  await createInvoice(ctx.app, a.locationToken, a.locationId, { name: 'A only' });
});
after(async () => {
  await ctx.close();
});

const NOT_FOUND = { statusCode: 404, message: 'Invoice not found', error: 'Not Found' };
const FORBIDDEN = {
  statusCode: 403,
  message: 'The token does not have access to this location.',
  error: 'Forbidden',
};

function attempts(altId: string) {
  const body = {
    altId,
    altType: 'location',
    name: 'Hijacked',
    currency: 'USD',
    invoiceItems: [{ name: 'x', currency: 'USD', amount: 1, qty: 1 }],
    issueDate: '2026-11-01',
    dueDate: '2026-11-02',
  };
  const q = `altId=${altId}&altType=location`;
  return [
    { method: 'GET' as const, url: `/invoices/${theirs._id}?${q}` },
    { method: 'PUT' as const, url: `/invoices/${theirs._id}`, payload: body },
    { method: 'DELETE' as const, url: `/invoices/${theirs._id}?${q}` },
    { method: 'POST' as const, url: `/invoices/${theirs._id}/void`, payload: { altId, altType: 'location' } },
  ];
}

async function assertUntouched() {
  const row = await ctx.store.db
    .selectFrom('invoices')
    .select(['name', 'status'])
    .where('id', '=', theirs._id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { name: 'B only', status: 'draft' });
}

test("a location token naming its own location cannot see or change another location's invoice: 404", async () => {
  for (const req of attempts(a.locationId)) {
    const res = await ctx.app.inject({ ...req, headers: authHeaders(a.locationToken) });
    assert.equal(res.statusCode, 404, `${req.method} ${req.url}`);
    assert.deepEqual(res.json(), NOT_FOUND);
  }
  await assertUntouched();
});

test('naming the other location is a 403, for location and agency tokens of another company', async () => {
  for (const token of [a.locationToken, a.agencyToken]) {
    for (const req of attempts(b.locationId)) {
      const res = await ctx.app.inject({ ...req, headers: authHeaders(token) });
      assert.equal(res.statusCode, 403, `${req.method} ${req.url}`);
      assert.deepEqual(res.json(), FORBIDDEN);
    }
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/?altId=${b.locationId}&altType=location&limit=10&offset=0`,
      headers: authHeaders(token),
    });
    assert.deepEqual(list.json(), FORBIDDEN);
  }
  await assertUntouched();
});

test("an agency token acts for its own company's locations", async () => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/${theirs._id}?altId=${b.locationId}&altType=location`,
    headers: authHeaders(b.agencyToken),
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json()._id, theirs._id);
});

test('lists and searches only ever show the own location', async () => {
  for (const q of ['', '&search=B%20only', `&search=${theirs._id}`]) {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/invoices/?altId=${a.locationId}&altType=location&limit=100&offset=0${q}`,
      headers: authHeaders(a.locationToken),
    });
    assert.equal(res.statusCode, 200);
    for (const inv of res.json().invoices) assert.equal(inv.altId, a.locationId);
    assert.ok(!res.body.includes(theirs._id));
  }
});

test('an unknown location is a 403, not a 404 that would confirm it', async () => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: '/invoices/?altId=nope&altType=location&limit=1&offset=0',
    headers: authHeaders(a.agencyToken),
  });
  assert.deepEqual(res.json(), FORBIDDEN);
});
