/**
 * README "Limits": page links never reach the log, bad URL escapes get our 400 body, every response
 * carries the framing, permissions and sniffing headers, and a reload is not a second page view.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { build } from '../../src/app.ts';
import { authHeaders, setupApp, type TestContext, testConfig } from '../fixtures/app.ts';
import { createInvoice, publicTokenOf } from '../fixtures/invoices.ts';

let ctx: TestContext;
before(async () => {
  ctx = await setupApp();
});
after(() => ctx.close());

const tokenOf = (id: string) => publicTokenOf(ctx.store, id);

test('the request log shows page paths with their token redacted', async () => {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
  const token = await tokenOf(inv._id);
  const stream = new PassThrough();
  let output = '';
  stream.on('data', (chunk) => {
    output += chunk.toString();
  });
  const logged: FastifyInstance = await build({
    config: testConfig({ logLevel: 'info' }),
    databaseUrl: ctx.databaseUrl,
    store: ctx.store,
    logStream: stream,
  });
  try {
    await logged.ready();
    for (const url of [
      `/i/${token}`,
      `/i/${token}/pdf`,
      `/i/${token}?paid=${token}`,
      '/pay/test/sess_secret1',
      '/app/login/hlk_signinlinksecretsigninlinksecret',
    ]) {
      const res = await logged.inject({ url });
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
    }
    assert.equal((await logged.inject({ url: '/i/%FF' })).statusCode, 400);
  } finally {
    await logged.close();
  }
  assert.match(output, /"url":"\/i\/\[redacted\]"/, 'requests are logged');
  assert.match(output, /"url":"\/i\/\[redacted\]\/pdf"/);
  assert.match(output, /"url":"\/pay\/test\/\[redacted\]"/);
  assert.ok(!output.includes(token), 'the page token was logged');
  assert.ok(!output.includes('sess_secret1'), 'the checkout session id was logged');
  assert.match(output, /"url":"\/app\/login\/\[redacted\]"/);
  assert.ok(!output.includes('signinlinksecret'), 'a sign-in link was logged');
});

test('bad %-escapes in the path get our 400 body, with the security headers', async () => {
  for (const url of ['/i/%FF', '/invoices/%E0%A4%A', '/i/%FF/pdf']) {
    const res = await ctx.app.inject({ url, headers: authHeaders(ctx.tenant.locationToken) });
    assert.equal(res.statusCode, 400, url);
    assert.deepEqual(res.json(), {
      statusCode: 400,
      message: 'the URL is not valid: a %-escape in its path does not decode to UTF-8 text',
      error: 'Bad Request',
    });
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  }
});

test('API answers, errors and pages carry X-Frame-Options, Permissions-Policy and nosniff', async () => {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
  const alt = `altId=${ctx.tenant.locationId}&altType=location`;
  const responses = await Promise.all(
    [
      { url: `/invoices/${inv._id}?${alt}`, headers: authHeaders(ctx.tenant.locationToken) },
      { url: `/invoices/?${alt}&limit=5&offset=0`, headers: authHeaders(ctx.tenant.locationToken) },
      { url: `/invoices/?${alt}` },
      { url: '/no/such/route' },
      { url: `/i/${await tokenOf(inv._id)}` },
      { url: '/i/aaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
      { url: '/health' },
      { url: '/dev/outbox' },
    ].map((r) => ctx.app.inject(r)),
  );
  for (const res of responses) {
    const where = `${res.statusCode} ${res.headers['content-type']}`;
    assert.equal(res.headers['x-frame-options'], 'DENY', where);
    assert.equal(res.headers['x-content-type-options'], 'nosniff', where);
    assert.match(String(res.headers['permissions-policy']), /camera=\(\), microphone=\(\)/, where);
  }
});

test('a reload within the minute is not a new view; another browser or a later visit is', async () => {
  const inv = await createInvoice(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId);
  const url = `/i/${await tokenOf(inv._id)}`;
  const visit = (userAgent: string) => ctx.app.inject({ url, headers: { 'user-agent': userAgent } });
  const views = async () =>
    (
      await ctx.store.db
        .selectFrom('invoice_events')
        .select(['type', 'data'])
        .where('invoice_id', '=', inv._id)
        .where('type', '=', 'viewed')
        .execute()
    ).length;
  await visit('Browser A');
  await visit('Browser A');
  await visit('Browser A');
  assert.equal(await views(), 1, 'reloads are one view');
  await visit('Browser B');
  assert.equal(await views(), 2, 'another browser is another view');
  await visit('Browser A');
  assert.equal(await views(), 3, 'A again after B is not a repeat of the last view');
  // The last view, a minute and more ago: the same browser again is a new visit.
  await ctx.store.db
    .updateTable('invoice_events')
    .set({ created_at: new Date(Date.now() - 61_000) })
    .where('invoice_id', '=', inv._id)
    .execute();
  await visit('Browser A');
  assert.equal(await views(), 4);
});
