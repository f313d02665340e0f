/** GET /invoices/settings and PATCH /invoices/stats/last-visited-at (issue #12 item 4). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { lastVisitedAt } from '../../src/store/invoice-visits.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { createInvoice } from '../fixtures/invoices.ts';

let ctx: TestContext;
let a: Tenant;
let b: Tenant;
before(async () => {
  ctx = await setupApp();
  a = ctx.tenant;
  b = await seedTenant(ctx.store, 'Other');
});
after(async () => {
  await ctx.close();
});

test("settings describe what the service does for the location's invoices", async () => {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/settings?altId=${a.locationId}&altType=location`,
    headers: authHeaders(a.locationToken),
  });
  assert.equal(res.statusCode, 200, res.body);
  const s = res.json();
  assert.equal(s.altId, a.locationId);
  assert.equal(s.title, 'INVOICE');
  assert.equal(s.invoiceNumberPrefix, 'INV-');
  assert.equal(s.businessDetails.name, 'Acme');
  assert.deepEqual(s.senderConfiguration, { fromName: 'Acme', fromEmail: 'billing@acme.test' });
  // A new invoice without a dueDate is due on its issue date: the settings say so.
  assert.equal(s.dueAfterXDays, 0);
  const invoice = await createInvoice(ctx.app, a.locationToken, a.locationId, { dueDate: undefined });
  assert.equal(invoice.dueDate, invoice.issueDate);

  const theirs = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/settings?altId=${b.locationId}&altType=location`,
    headers: authHeaders(a.locationToken),
  });
  assert.equal(theirs.statusCode, 403);
});

test('a visit is recorded for an invoice within reach, and moves on with the next one', async () => {
  const invoice = await createInvoice(ctx.app, a.locationToken, a.locationId);
  const visit = (invoiceId: unknown, token = a.locationToken) =>
    ctx.app.inject({
      method: 'PATCH',
      url: '/invoices/stats/last-visited-at',
      headers: authHeaders(token),
      payload: { invoiceId },
    });
  const first = await visit(invoice._id);
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json(), { success: true });
  const at1 = await lastVisitedAt(ctx.store.db, invoice._id);
  assert.ok(at1);
  // An agency token reaches its company's invoices.
  const second = await visit(invoice._id, a.agencyToken);
  assert.equal(second.statusCode, 200, second.body);
  const at2 = await lastVisitedAt(ctx.store.db, invoice._id);
  assert.ok(at2 && at2 >= at1);

  const notFound = { statusCode: 404, message: 'Invoice not found', error: 'Not Found' };
  const theirs = await createInvoice(ctx.app, b.locationToken, b.locationId);
  assert.deepEqual((await visit(theirs._id)).json(), notFound);
  assert.deepEqual((await visit(theirs._id, a.agencyToken)).json(), notFound);
  assert.equal(await lastVisitedAt(ctx.store.db, theirs._id), undefined);
  assert.deepEqual((await visit('0123456789abcdef01234567')).json(), notFound);
  assert.equal((await visit(42)).statusCode, 422);
});
