/**
 * README "Limits": HighLevel's burst and daily budgets per (token, location) with its X-RateLimit-*
 * headers, one budget shared through Redis by two API processes, the public pages' per-address limit,
 * sends per invoice per hour, and at most 10 Cc and 10 Bcc addresses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { build } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { createToken } from '../../src/tenancy/tokens.ts';
import {
  authHeaders,
  NO_LIMITS,
  seedTenant,
  setupApp,
  type Tenant,
  type TestContext,
  testConfig,
} from '../fixtures/app.ts';
import { createInvoice, invoiceBody } from '../fixtures/invoices.ts';

const REDIS_URL = 'redis://127.0.0.1:6379';
const TOO_MANY = 'Too Many Requests';

function list(app: FastifyInstance, token: string, locationId: string) {
  return app.inject({
    url: `/invoices/?altId=${locationId}&altType=location&limit=1&offset=0`,
    headers: authHeaders(token),
  });
}

describe('burst and daily budgets, in one process', () => {
  let ctx: TestContext;
  let t: Tenant;
  before(async () => {
    ctx = await setupApp({ limits: { ...NO_LIMITS, burst: 3, daily: 5 } });
    t = ctx.tenant;
  });
  after(() => ctx.close());

  test('the burst budget answers 429 with HighLevel headers and body, per (token, location)', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await list(ctx.app, t.locationToken, t.locationId));
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      [200, 200, 200, 429],
    );
    const first = answers[0]!.headers;
    assert.equal(first['x-ratelimit-max'], '3');
    assert.equal(first['x-ratelimit-remaining'], '2');
    assert.equal(first['x-ratelimit-interval-milliseconds'], '10000');
    assert.equal(first['x-ratelimit-limit-daily'], '5');
    assert.equal(first['x-ratelimit-daily-remaining'], '4');
    const refused = answers[3]!;
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 10, `Retry-After ${retryAfter}`);
    const body = refused.json();
    assert.deepEqual(Object.keys(body), ['statusCode', 'message', 'error']);
    assert.equal(body.statusCode, 429);
    assert.equal(body.error, TOO_MANY);
    assert.match(body.message, /requests per 10 seconds \(3\) is used up; retry in \d+ seconds?/);

    // Another token for the same location has a budget of its own.
    const fresh = await createToken(ctx, {
      kind: 'location',
      companyId: t.companyId,
      locationId: t.locationId,
    });
    assert.equal((await list(ctx.app, fresh.token, t.locationId)).statusCode, 200);
    // So does the agency token, and each location it acts for.
    const other = await seedTenant(ctx.store, 'Second');
    assert.equal((await list(ctx.app, other.agencyToken, other.locationId)).statusCode, 200);
    // Requests without a valid token are refused as before, not counted against anyone.
    const anonymous = await ctx.app.inject({ url: `/invoices/?altId=${t.locationId}&altType=location` });
    assert.equal(anonymous.statusCode, 401);
  });
});

describe('the daily budget alone', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await setupApp({ limits: { ...NO_LIMITS, daily: 2 } });
  });
  after(() => ctx.close());

  test('the third request of the day is refused with the daily headers', async () => {
    const t = ctx.tenant;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await list(ctx.app, t.locationToken, t.locationId));
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      [200, 200, 429],
    );
    assert.equal(answers[0]!.headers['x-ratelimit-limit-daily'], '2');
    assert.equal(answers[1]!.headers['x-ratelimit-daily-remaining'], '0');
    assert.equal(answers[0]!.headers['x-ratelimit-max'], undefined);
    const body = answers[2]!.json();
    assert.match(body.message, /the daily request limit \(2\) is used up/);
    assert.ok(Number(answers[2]!.headers['retry-after']) > 23 * 3600);
  });
});

describe('with REDIS_URL, two API processes spend one budget', () => {
  let ctx: TestContext;
  let second: FastifyInstance;
  let redis: Redis;
  const config: Partial<Config> = { limits: { ...NO_LIMITS, burst: 4, redisUrl: REDIS_URL } };
  before(async () => {
    ctx = await setupApp(config);
    second = await build({ config: testConfig(config), databaseUrl: ctx.databaseUrl, store: ctx.store });
    await second.ready();
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    const keys = await redis.keys(`hl-invoices:rate:*${ctx.tenant.locationId}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await second.close();
    await ctx.close();
  });

  test('requests alternate between the two apps; the fifth is refused by either', async () => {
    const t = ctx.tenant;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await list(i % 2 === 0 ? ctx.app : second, t.locationToken, t.locationId)).statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200]);
    assert.equal((await list(ctx.app, t.locationToken, t.locationId)).statusCode, 429);
    assert.equal((await list(second, t.locationToken, t.locationId)).statusCode, 429);
    const keys = await redis.keys(`hl-invoices:rate:*${t.locationId}*`);
    assert.equal(keys.length, 1, 'the count is in Redis');
  });
});

describe('public pages, sends and copies', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await setupApp({ limits: { ...NO_LIMITS, publicPerMinute: 3, sendsPerInvoicePerHour: 10 } });
  });
  after(() => ctx.close());

  test('the public pages allow so many requests per minute per address', async () => {
    const page = (url: string) => ctx.app.inject({ url, remoteAddress: '203.0.113.7' });
    const statuses = [];
    for (const url of ['/i/aaaaaaaaaaaaaaaaaaaaaaaa', '/i/bbbbbbbbbbbbbbbbbbbbbbbb/pdf', '/pay/test/xyz']) {
      statuses.push((await page(url)).statusCode);
    }
    assert.ok(
      statuses.every((s) => s !== 429),
      statuses.join(),
    );
    const refused = await page('/i/cccccccccccccccccccccccc');
    assert.equal(refused.statusCode, 429);
    assert.match(refused.json().message, /page requests per minute from this address \(3\)/);
    assert.ok(Number(refused.headers['retry-after']) <= 60);
    // Another address has its own budget; the API is not counted.
    const elsewhere = await ctx.app.inject({
      url: '/i/cccccccccccccccccccccccc',
      remoteAddress: '203.0.113.8',
    });
    assert.equal(elsewhere.statusCode, 404);
    assert.equal((await list(ctx.app, ctx.tenant.locationToken, ctx.tenant.locationId)).statusCode, 200);
  });

  test('one invoice is sent at most 10 times an hour; the 11th is a 429 naming the limit', async () => {
    const t = ctx.tenant;
    const invoice = await createInvoice(ctx.app, t.locationToken, t.locationId);
    const sendOf = (id: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/invoices/${id}/send`,
        headers: authHeaders(t.locationToken),
        payload: {
          altId: t.locationId,
          altType: 'location',
          userId: t.userId,
          action: 'email',
          liveMode: false,
        },
      });
    const send = () => sendOf(invoice._id);
    for (let i = 0; i < 10; i++) assert.equal((await send()).statusCode, 200, `send ${i + 1}`);
    const refused = await send();
    assert.equal(refused.statusCode, 429);
    assert.match(
      refused.json().message,
      /sent 10 times in the last hour, the limit is 10 sends per invoice per hour; send it again in \d+ minutes?/,
    );
    const events = await ctx.store.db
      .selectFrom('invoice_events')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('invoice_id', '=', invoice._id)
      .where('type', '=', 'sent')
      .executeTakeFirstOrThrow();
    assert.equal(Number(events.n), 10, 'the refused send recorded nothing');
    // Another invoice is not affected.
    const other = await createInvoice(ctx.app, t.locationToken, t.locationId);
    assert.equal((await sendOf(other._id)).statusCode, 200);
  });

  test('more than 10 Cc or Bcc addresses are a 422', async () => {
    const t = ctx.tenant;
    const addresses = (n: number) => Array.from({ length: n }, (_, i) => `copy${i}@example.com`);
    for (const field of ['emailCc', 'emailBcc']) {
      const ok = await createInvoice(ctx.app, t.locationToken, t.locationId, {
        sentTo: { email: ['alex@example.com'], [field]: addresses(10) },
      });
      assert.ok(ok._id);
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/invoices/',
        headers: authHeaders(t.locationToken),
        payload: {
          ...invoiceBody(t.locationId),
          sentTo: { email: ['alex@example.com'], [field]: addresses(11) },
        },
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.match(JSON.stringify(res.json().message), new RegExp(field));
    }
  });
});
