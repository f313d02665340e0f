/**
 * Hostile input on every invoice endpoint: always a 4xx in the HighLevel body shape, never a 5xx,
 * and nothing in the database changes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { unstorableValueError } from '../../src/store/errors.ts';
import { authHeaders, setupApp, type TestContext } from '../fixtures/app.ts';
import { createInvoice, invoiceBody } from '../fixtures/invoices.ts';

let ctx: TestContext;
let headers: Record<string, string>;
let loc: string;
let id: string;
before(async () => {
  ctx = await setupApp();
  headers = authHeaders(ctx.tenant.locationToken);
  loc = ctx.tenant.locationId;
  id = (await createInvoice(ctx.app, ctx.tenant.locationToken, loc))._id;
});
after(async () => {
  await ctx.close();
});

async function snapshot() {
  const row = await sql<{ s: string }>`
    select md5(coalesce((select string_agg(t::text, '|' order by t.id) from invoices t), '')
      || coalesce((select string_agg(t::text, '|' order by t.id) from invoice_items t), '')
      || coalesce((select string_agg(t::text, '|' order by t.id) from invoice_events t), '')
      || coalesce((select string_agg(t::text, '|') from invoice_number_counters t), '')) as s`.execute(
    ctx.store.db,
  );
  return row.rows[0]!.s;
}

const huge = 'x'.repeat(100_000);
const valid = () => invoiceBody(loc);
const updateValid = () => ({
  altId: loc,
  altType: 'location',
  name: 'n',
  currency: 'USD',
  invoiceItems: [{ name: 'x', currency: 'USD', amount: 1, qty: 1 }],
  issueDate: '2026-11-01',
  dueDate: '2026-11-02',
});

type Case = {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  payload?: unknown;
  raw?: string;
  type?: string;
};

function cases(): Case[] {
  const q = `altId=${loc}&altType=location`;
  const bodies: Array<[string, unknown]> = [
    ['empty object', {}],
    ['array', []],
    ['null', null],
    ['number', 42],
    ['string', 'hello'],
    ['unknown property', { ...valid(), foo: 1 }],
    ['__proto__ key', JSON.parse(`{"__proto__": {"polluted": true}, "altId": "${loc}"}`)],
    ['wrong types', { ...valid(), liveMode: 'yes', items: 'many', discount: 3 }],
    ['huge name', { ...valid(), name: huge }],
    ['bad email', { ...valid(), contactDetails: { id: 'c', name: 'n', email: 'not-an-email' } }],
    ['impossible date', { ...valid(), issueDate: '2026-02-30' }],
    ['date-time instead of date', { ...valid(), issueDate: '2026-11-01T00:00:00Z' }],
    ['no items', { ...valid(), items: [] }],
    ['negative amount', { ...valid(), items: [{ name: 'a', currency: 'USD', amount: -1, qty: 1 }] }],
    ['zero qty', { ...valid(), items: [{ name: 'a', currency: 'USD', amount: 1, qty: 0 }] }],
    ['excess decimals', { ...valid(), items: [{ name: 'a', currency: 'USD', amount: 0.001, qty: 1 }] }],
    ['huge amount', { ...valid(), items: [{ name: 'a', currency: 'USD', amount: 1e300, qty: 1 }] }],
    [
      'unknown currency',
      { ...valid(), currency: 'ABC', items: [{ name: 'a', currency: 'ABC', amount: 1, qty: 1 }] },
    ],
    ['lowercase currency', { ...valid(), currency: 'usd' }],
    ['altType company', { ...valid(), altType: 'company' }],
    ['non-numeric invoiceNumber', { ...valid(), invoiceNumber: '12a' }],
    ['invoiceNumber beyond 2^53', { ...valid(), invoiceNumber: '999999999999999' + '9' }],
    ['discount type', { ...valid(), discount: { type: 'bogus', value: 1 } }],
    ['NUL in a string', JSON.parse(JSON.stringify({ ...valid(), name: 'a\u0000b' }))],
    ['NUL in a nested key', { ...valid(), contactDetails: { id: 'c', name: 'n\u0000' } }],
    ['percentage over 100', { ...valid(), discount: { type: 'percentage', value: 150 } }],
  ];
  const list: Case[] = [];
  for (const [name, payload] of bodies)
    list.push({ name: `create: ${name}`, method: 'POST', url: '/invoices/', payload });
  for (const [name, payload] of bodies.slice(0, 9)) {
    list.push({ name: `update: ${name}`, method: 'PUT', url: `/invoices/${id}`, payload });
    list.push({ name: `void: ${name}`, method: 'POST', url: `/invoices/${id}/void`, payload });
  }
  list.push({
    name: 'update: items under the create name',
    method: 'PUT',
    url: `/invoices/${id}`,
    payload: { ...updateValid(), items: [] },
  });
  list.push({
    name: 'update: due before issue',
    method: 'PUT',
    url: `/invoices/${id}`,
    payload: { ...updateValid(), dueDate: '2026-10-01' },
  });
  // JSON numbers beyond a double's range parse as Infinity: they must be refused, not stored.
  const overflow = (field: 'rate' | 'amount') =>
    JSON.stringify({
      ...valid(),
      items: [{ name: 'a', currency: 'USD', amount: 1, qty: 1, taxes: [{ _id: 't', name: 'T', rate: 5 }] }],
    }).replace(
      field === 'rate' ? '"rate":5' : '"amount":1,',
      field === 'rate' ? '"rate":1e400' : '"amount":1e400,',
    );
  for (const field of ['rate', 'amount'] as const) {
    list.push({
      name: `create: ${field} 1e400`,
      method: 'POST',
      url: '/invoices/',
      raw: overflow(field),
      type: 'application/json',
    });
  }
  for (const [path, method] of [
    ['/invoices/', 'POST'],
    [`/invoices/${id}`, 'PUT'],
    [`/invoices/${id}/void`, 'POST'],
  ] as const) {
    list.push({
      name: `${method} ${path}: malformed JSON`,
      method,
      url: path,
      raw: '{"altId": ',
      type: 'application/json',
    });
    list.push({ name: `${method} ${path}: form body`, method, url: path, raw: 'a=1', type: 'text/plain' });
    list.push({
      name: `${method} ${path}: empty JSON body`,
      method,
      url: path,
      raw: '',
      type: 'application/json',
    });
  }
  for (const query of [
    '',
    'altId=&altType=location&limit=1&offset=0',
    `${q}`,
    `${q}&limit=abc&offset=0`,
    `${q}&limit=0&offset=0`,
    `${q}&limit=1000&offset=0`,
    `${q}&limit=10&offset=-1`,
    `${q}&limit=10&offset=0&status=bogus`,
    `${q}&limit=10&offset=0&startAt=yesterday`,
    `${q}&limit=10&offset=0&startAt=2026-02-01&endAt=2026-01-01`,
    `${q}&limit=10&offset=0&sortField=name`,
    `${q}&limit=10&offset=0&paymentMode=cash`,
    `${q}&limit=10&offset=0&extra=1`,
    `${q}&limit=10&offset=0&search=${'y'.repeat(1000)}`,
  ]) {
    list.push({ name: `list ?${query.slice(0, 60)}`, method: 'GET', url: `/invoices/?${query}` });
  }
  for (const path of [
    `/invoices/${id}`,
    `/invoices/${id}?altId=${loc}`,
    `/invoices/${id}?altType=location`,
    `/invoices/%00?${q}`,
    `/invoices/${'z'.repeat(150)}?${q}`,
    `/invoices/..%2F..%2Fetc?${q}`,
    `/invoices/generate-invoice-number?altId=${loc}&altType=agency`,
  ]) {
    list.push({ name: `GET ${path.slice(0, 60)}`, method: 'GET', url: path });
    if (!path.includes('generate'))
      list.push({ name: `DELETE ${path.slice(0, 60)}`, method: 'DELETE', url: path });
  }
  return list;
}

test('every hostile request gets a 4xx in the HighLevel shape and changes nothing', async () => {
  const before = await snapshot();
  for (const c of cases()) {
    const res = await ctx.app.inject({
      method: c.method,
      url: c.url,
      headers: c.type ? { ...headers, 'content-type': c.type } : headers,
      ...(c.raw !== undefined
        ? { payload: c.raw }
        : c.payload !== undefined
          ? { payload: c.payload as object }
          : {}),
    });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${c.name}: ${res.statusCode} ${res.body}`);
    const body = res.json();
    assert.equal(body.statusCode, res.statusCode, c.name);
    assert.ok(
      typeof body.message === 'string' || (Array.isArray(body.message) && body.message.length > 0),
      `${c.name}: ${res.body}`,
    );
    assert.ok(!/Error:|at \w+ \(/.test(res.body), `${c.name} leaks internals: ${res.body}`);
  }
  assert.equal(await snapshot(), before);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('validation messages are in the class-validator style and name the field', async () => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/',
    headers,
    payload: { ...valid(), liveMode: 'yes', foo: 1, altType: 'company' },
  });
  assert.equal(res.statusCode, 422);
  const { message } = res.json();
  assert.ok(message.includes('liveMode must be a boolean value'), message);
  assert.ok(message.includes('property foo should not exist'), message);
  assert.ok(message.includes('altType must be one of the following values: location'), message);
});

function assertHighLevel4xx(res: { statusCode: number; body: string; json: () => unknown }, name: string) {
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${name}: ${res.statusCode} ${res.body}`);
  const body = res.json() as { statusCode: number; message: unknown; error?: unknown };
  assert.equal(body.statusCode, res.statusCode, name);
  assert.ok(typeof body.message === 'string' || Array.isArray(body.message), `${name}: ${res.body}`);
  assert.equal(typeof body.error, 'string', `${name}: ${res.body}`);
}

test('a NUL byte in a form body is a 422, not a 5xx', async () => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/oauth/locationToken',
    headers: {
      ...authHeaders(ctx.tenant.agencyToken),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: `companyId=${ctx.tenant.companyId}&locationId=a%00b`,
  });
  assertHighLevel4xx(res, 'form NUL');
});

test('a lone surrogate in a string stored as JSON is refused with a 4xx and changes nothing', async () => {
  const before = await snapshot();
  const raws = [
    JSON.stringify(valid()).replace('"Alex Doe"', '"\\ud800"'),
    JSON.stringify({ ...valid(), attachments: [{ note: 'x' }] }).replace('"note":"x"', '"note":"\\udc00x"'),
    JSON.stringify({ ...valid(), tipsConfiguration: { k: 1 } }).replace('"k":1', '"\\ud800":1'),
  ];
  for (const raw of raws) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: raw,
    });
    assertHighLevel4xx(res, raw.slice(0, 40));
  }
  assert.equal(await snapshot(), before);
});

test('JSON nested 4,500 levels deep is refused with a 4xx', async () => {
  const before = await snapshot();
  const deep = `${'['.repeat(4500)}${']'.repeat(4500)}`;
  for (const [field, value] of [
    ['paymentSchedule', deep],
    ['tipsConfiguration', `${'{"a":'.repeat(4500)}1${'}'.repeat(4500)}`],
  ] as const) {
    const raw = JSON.stringify({ ...valid(), [field]: 0 }).replace(`"${field}":0`, `"${field}":${value}`);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/',
      headers: { ...headers, 'content-type': 'application/json' },
      payload: raw,
    });
    assertHighLevel4xx(res, field);
  }
  assert.equal(await snapshot(), before);
});

test('the text \\u0000 (an escaped backslash, not a NUL) is accepted and kept', async () => {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/invoices/',
    headers,
    payload: { ...valid(), name: 'path C:\\u0000\\x' },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().name, 'path C:\\u0000\\x');
});

test('PostgreSQL refusing a value the edge let through is a 422, translated in one place', async () => {
  const cases: Array<[string, ReturnType<typeof sql>]> = [
    ['NUL in text', sql`select ${'a\u0000b'}::text`],
    ['\\u0000 in jsonb', sql`select ${'"\\u0000"'}::jsonb`],
    ['lone surrogate in jsonb', sql`select ${'"\\ud800"'}::jsonb`],
    ['deep jsonb', sql`select ${`${'['.repeat(200_000)}${']'.repeat(200_000)}`}::jsonb`],
  ];
  for (const [name, query] of cases) {
    const err = await query.execute(ctx.store.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err, `${name}: PostgreSQL accepted it`);
    const refusal = unstorableValueError(err);
    assert.equal(refusal?.statusCode, 422, `${name}: ${(err as Error).message}`);
  }
  assert.equal(unstorableValueError(new Error('boom')), undefined);
  const badCast = await sql`select ${'nope'}::int`.execute(ctx.store.db).catch((e: unknown) => e);
  assert.equal(unstorableValueError(badCast), undefined, 'a bad cast is our bug, not the client’s');
});

test('found by the fuzzer: an over-long path id is refused in the HighLevel body', async () => {
  const q = `altId=${loc}&altType=location`;
  // Fastify answered these itself: a 414 with its own "code" field.
  for (const url of [`/invoices/${'x'.repeat(201)}?${q}`, `/invoices/${'x'.repeat(201)}/payments?${q}`]) {
    const res = await ctx.app.inject({ method: 'GET', url, headers });
    assert.deepEqual(
      res.json(),
      {
        statusCode: 400,
        message: 'a path parameter is too long (ids are at most 200 characters)',
        error: 'Bad Request',
      },
      url,
    );
    assert.equal(res.statusCode, 400, url);
  }
});
