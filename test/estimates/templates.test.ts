/** Estimate templates: create, list, update, preview, delete; kept apart from invoice templates. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { estimateTemplateBody } from '../fixtures/estimates.ts';

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

test('create, list, update, preview and delete an estimate template', async () => {
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate/template',
    headers,
    payload: estimateTemplateBody(loc, { termsNotes: 'Prices hold 30 days' }),
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json()._id;
  assert.equal(created.json().total, 80);
  assert.equal(created.json().estimateNumberPrefix, 'EST-');
  const q = `altId=${loc}&altType=location`;
  const list = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/template?${q}&limit=10&offset=0`,
    headers,
  });
  assert.equal(list.statusCode, 200, list.body);
  assert.equal(list.json().totalCount, 1);
  const updated = await ctx.app.inject({
    method: 'PUT',
    url: `/invoices/estimate/template/${id}`,
    headers,
    payload: estimateTemplateBody(loc, {
      name: 'Large remodel',
      items: [{ name: 'Survey', currency: 'USD', amount: 80, qty: 3 }],
      estimateNumberPrefix: 'Q-',
    }),
  });
  assert.equal(updated.statusCode, 200, updated.body);
  assert.equal(updated.json().total, 240);
  const preview = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/template/preview?${q}&templateId=${id}`,
    headers,
  });
  assert.equal(preview.statusCode, 200, preview.body);
  assert.equal(preview.json().name, 'Large remodel');
  assert.equal(preview.json().estimateNumberPrefix, 'Q-');
  assert.equal(preview.json().items[0].qty, 3);
  const deleted = await ctx.app.inject({
    method: 'DELETE',
    url: `/invoices/estimate/template/${id}`,
    headers,
    payload: { altId: loc, altType: 'location' },
  });
  assert.equal(deleted.statusCode, 200, deleted.body);
  assert.equal(deleted.json().deleted, true);
  const gone = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/template/preview?${q}&templateId=${id}`,
    headers,
  });
  assert.equal(gone.statusCode, 404);
});

test('estimate templates and invoice templates do not see each other', async () => {
  const estimateTemplate = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/estimate/template',
    headers,
    payload: estimateTemplateBody(loc),
  });
  const invoiceTemplate = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/template',
    headers,
    payload: estimateTemplateBody(loc, { name: 'Invoice template' }),
  });
  assert.equal(invoiceTemplate.statusCode, 200, invoiceTemplate.body);
  const q = `altId=${loc}&altType=location`;
  const asInvoiceTemplate = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/template/${estimateTemplate.json()._id}?${q}`,
    headers,
  });
  assert.equal(asInvoiceTemplate.statusCode, 404);
  const preview = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/estimate/template/preview?${q}&templateId=${invoiceTemplate.json()._id}`,
    headers,
  });
  assert.equal(preview.statusCode, 404);
  const invoiceList = await ctx.app.inject({
    method: 'GET',
    url: `/invoices/template?${q}&limit=10&offset=0`,
    headers,
  });
  assert.deepEqual(
    invoiceList.json().data.map((t: { name: string }) => t.name),
    ['Invoice template'],
  );
});
