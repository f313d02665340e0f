/** The customer's invoice page at /i/{token} and its PDF, through the real routes. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { createInvoice, publicTokenOf } from '../fixtures/invoices.ts';
import { readPdf } from '../fixtures/pdf-text.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(async () => {
  await ctx.close();
});

const tokenOf = (id: string) => publicTokenOf(ctx.store, id);

test('the page shows the invoice, never its id in the link, with strict headers, and records the view', async () => {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId, {
    name: '<script>alert(1)</script>',
  });
  const token = await tokenOf(inv._id);
  assert.notEqual(token, inv._id);
  assert.ok(token.length >= 40);
  const res = await ctx.app.inject({ method: 'GET', url: `/i/${token}` });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /text\/html/);
  assert.match(res.headers['content-security-policy'] as string, /default-src 'none'/);
  assert.equal(res.headers['x-robots-tag'], 'noindex');
  assert.ok(res.body.includes(`INV-${inv.invoiceNumber}`));
  assert.ok(res.body.includes('$2,019.00'));
  assert.ok(res.body.includes(`/i/${token}/pdf`));
  assert.ok(!res.body.includes('<script>alert(1)</script>'));
  const events = await ctx.store.db
    .selectFrom('invoice_events')
    .select(['type', 'actor'])
    .where('invoice_id', '=', inv._id)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    events.map((e) => e.type),
    ['created', 'viewed'],
  );
});

test('a void invoice says so', async () => {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
  await ctx.app.inject({
    method: 'POST',
    url: `/invoices/${inv._id}/void`,
    headers: authHeaders(ctx.tenant.locationToken),
    payload: { altId: ctx.tenant.locationId, altType: 'location' },
  });
  const res = await ctx.app.inject({ method: 'GET', url: `/i/${await tokenOf(inv._id)}` });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /This invoice has been voided/);
  assert.match(res.body, /Nothing is due<strong id="amount-due">Void</);
  assert.ok(!res.body.includes('id="pay"'));
});

test('the PDF download holds the number and the total', async () => {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId, {
    currency: 'JPY',
    items: [{ name: 'Tea', currency: 'JPY', amount: 1500, qty: 2 }],
  });
  const res = await ctx.app.inject({ method: 'GET', url: `/i/${await tokenOf(inv._id)}/pdf` });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const { text } = await readPdf(res.rawPayload);
  assert.ok(text.includes(`INV-${inv.invoiceNumber}`), text);
  assert.ok(text.includes('3,000'), text);
});

test('unknown, malformed and id-shaped tokens all get the same 404 page', async () => {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
  for (const url of [
    '/i/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    '/i/%3Cscript%3E',
    `/i/${inv._id}`,
    '/i/x/pdf',
  ]) {
    const res = await ctx.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 404, url);
    assert.match(res.body, /Invoice not found/);
  }
});
