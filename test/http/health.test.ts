import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupApp, type TestContext } from '../fixtures/app.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(async () => {
  await ctx.close();
});

test('GET /health answers without a token', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/health' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok' });
});

test('an unknown route is a 404 in the HighLevel shape', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/nope?x=1' });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(res.json(), { statusCode: 404, message: 'Cannot GET /nope', error: 'Not Found' });
});

test('/openapi.json is an OpenAPI 3 document', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().openapi, '3.0.3');
});

test('/openapi.json is generated from the route schemas; /docs serves a page', async () => {
  const spec = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const create = spec.paths['/invoices/'].post;
  assert.ok(create.requestBody.content['application/json'].schema.properties.items, 'CreateInvoiceDto body');
  assert.ok(spec.paths['/invoices/{invoiceId}/send'].post, 'the send operation');
  assert.ok(create.responses['200'].content['application/json'].schema.properties.invoiceItems);
  const docs = await ctx.app.inject({ method: 'GET', url: '/docs/' });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.headers['content-type'] as string, /text\/html/);
});

test('HighLevel operations not built yet are a plain 404, not "Invoice not found"', async () => {
  for (const [method, url] of [
    // A sub-resource's bare name, for a method it does not have, is not an invoice id.
    ['DELETE', '/invoices/template'],
    ['DELETE', '/invoices/schedule'],
  ] as const) {
    const res = await ctx.app.inject({ method, url, headers: { authorization: 'Bearer whatever' } });
    assert.equal(res.statusCode, 404, `${method} ${url}`);
    assert.deepEqual(res.json(), {
      statusCode: 404,
      message: `Cannot ${method} ${url.split('?')[0]}`,
      error: 'Not Found',
    });
  }
});

test('unbuilt operations stay out of /openapi.json', async () => {
  const spec = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  assert.ok(spec.paths['/invoices/schedule'].post, 'built: listed');
  assert.ok(spec.paths['/invoices/estimate/{estimateId}/send'].post, 'built: listed');
  // The plain 404s of a sub-resource's bare name are hidden.
  assert.equal(spec.paths['/invoices/template'].delete, undefined);
});
