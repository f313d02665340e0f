/** The customer's estimate page: shown once sent, accepted or declined there with plain form posts. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { redactUrl } from '../../src/http/hardening.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { createEstimate, estimateTokenOf, setEstimateStatus } from '../fixtures/estimates.ts';

let ctx: TestContext;
let loc: string;
before(async () => {
  ctx = await setupApp();
  loc = ctx.tenant.locationId;
});
after(async () => {
  await ctx.close();
});

async function sentEstimate(overrides: Record<string, unknown> = {}) {
  const estimate = await createEstimate(ctx.app, ctx.tenant.locationToken, loc, overrides);
  await setEstimateStatus(ctx.app, ctx.tenant.locationToken, loc, estimate._id, 'sent', overrides);
  return { id: estimate._id as string, token: await estimateTokenOf(ctx.store, estimate._id) };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const post = (url: string) => ctx.app.inject({ method: 'POST', url, headers: FORM, payload: '' });

async function stored(id: string) {
  return ctx.store.db
    .selectFrom('estimates')
    .select(['status', 'history', 'invoice_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

test('a draft has no page; an unknown or malformed token gets the not-found page', async () => {
  const draft = await createEstimate(ctx.app, ctx.tenant.locationToken, loc);
  const token = await estimateTokenOf(ctx.store, draft._id);
  for (const url of [`/e/${token}`, '/e/aaaaaaaaaaaaaaaaaaaaaaaaaaaa', '/e/short', `/e/${token}/accept`]) {
    const res = url.endsWith('accept') ? await post(url) : await ctx.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 404, url);
    assert.match(res.body, /Estimate not found/);
  }
  assert.equal((await stored(draft._id)).status, 'draft');
});

test('a sent estimate shows its items, total and two plain forms, with the pages’ CSP; the first view is recorded once', async () => {
  const { id, token } = await sentEstimate();
  const res = await ctx.app.inject({ method: 'GET', url: `/e/${token}` });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
  assert.equal(res.headers['x-frame-options'], 'DENY');
  assert.doesNotMatch(res.body, /<script/i);
  assert.match(res.body, /Cabinets/);
  assert.match(res.body, /\$2,855\.00/);
  assert.match(res.body, /EST-\d+/);
  assert.match(res.body, new RegExp(`<form method="post" action="/e/${token}/accept">`));
  assert.match(res.body, new RegExp(`<form method="post" action="/e/${token}/decline">`));
  await ctx.app.inject({ method: 'GET', url: `/e/${token}` });
  const actions = (await stored(id)).history.map((h) => h.action);
  assert.deepEqual(actions, ['created', 'sent', 'viewed']);
});

test('accepting records it, redirects to the page that shows it, and the estimate can then be invoiced', async () => {
  const { id, token } = await sentEstimate();
  const res = await post(`/e/${token}/accept`);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/e/${token}`);
  const row = await stored(id);
  assert.equal(row.status, 'accepted');
  assert.deepEqual(
    { action: row.history.at(-1)!.action, by: row.history.at(-1)!.by },
    { action: 'accepted', by: 'customer' },
  );
  const page = await ctx.app.inject({ method: 'GET', url: `/e/${token}` });
  assert.match(page.body, /Accepted on/);
  assert.doesNotMatch(page.body, /Accept estimate/);
  const again = await post(`/e/${token}/decline`);
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /already accepted/);
  assert.equal((await stored(id)).status, 'accepted');
  const converted = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/estimate/${id}/invoice`,
    headers: authHeaders(ctx.tenant.locationToken),
    payload: { altId: loc, altType: 'location', markAsInvoiced: true },
  });
  assert.equal(converted.statusCode, 200, converted.body);
});

test('declining records it; a declined estimate is not invoiced', async () => {
  const { id, token } = await sentEstimate();
  assert.equal((await post(`/e/${token}/decline`)).statusCode, 303);
  assert.equal((await stored(id)).status, 'declined');
  const page = await ctx.app.inject({ method: 'GET', url: `/e/${token}` });
  assert.match(page.body, /Declined on/);
  const converted = await ctx.app.inject({
    method: 'POST',
    url: `/invoices/estimate/${id}/invoice`,
    headers: authHeaders(ctx.tenant.locationToken),
    payload: { altId: loc, altType: 'location', markAsInvoiced: true },
  });
  assert.equal(converted.statusCode, 400);
});

test('with autoInvoice enabled, acceptance makes the invoice in the same step', async () => {
  const { id, token } = await sentEstimate({ autoInvoice: { enabled: true } });
  assert.equal((await post(`/e/${token}/accept`)).statusCode, 303);
  const row = await stored(id);
  assert.equal(row.status, 'invoiced');
  assert.ok(row.invoice_id);
  const invoice = await ctx.store.db
    .selectFrom('invoices')
    .select(['status', 'name', 'location_id'])
    .where('id', '=', row.invoice_id!)
    .executeTakeFirstOrThrow();
  assert.deepEqual(invoice, { status: 'draft', name: 'Kitchen remodel', location_id: loc });
});

test('an expired estimate is shown but cannot be accepted', async () => {
  const { id, token } = await sentEstimate({ issueDate: '2020-01-01', expiryDate: '2020-01-31' });
  const page = await ctx.app.inject({ method: 'GET', url: `/e/${token}` });
  assert.match(page.body, /expired on 2020-01-31/);
  const res = await post(`/e/${token}/accept`);
  assert.equal(res.statusCode, 409);
  assert.equal((await stored(id)).status, 'sent');
});

test('the page token is redacted from logged URLs', () => {
  assert.equal(redactUrl('/e/abcdefghijklmnopqrstuvwxyz/accept'), '/e/[redacted]/accept');
  assert.equal(redactUrl('/e/abcdefghijklmnopqrstuvwxyz'), '/e/[redacted]');
});
