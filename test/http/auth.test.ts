/**
 * docs/send-invoice.md §1 rows 1-4 (Version header, bearer token, scope) and the token lifecycle, on one read route
 * and one write route. Rows 5-7 are covered per endpoint in the resource tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createToken, revokeToken } from '../../src/tenancy/tokens.ts';
import { setupApp, type TestContext, VERSION } from '../fixtures/app.ts';

let ctx: TestContext;
let listUrl: string;
before(async () => {
  ctx = await setupApp();
  listUrl = `/invoices/?altId=${ctx.tenant.locationId}&altType=location&limit=10&offset=0`;
});
after(async () => {
  await ctx.close();
});

const UNAUTHORIZED = (message: string) => ({ statusCode: 401, message, error: 'Unauthorized' });

async function list(headers: Record<string, string>) {
  return ctx.app.inject({ method: 'GET', url: listUrl, headers });
}

describe('row 1-2: Version header', () => {
  test('missing Version -> 401 version header was not found.', async () => {
    const res = await list({ authorization: `Bearer ${ctx.tenant.locationToken}` });
    assert.equal(res.statusCode, 401);
    assert.equal(res.body, JSON.stringify(UNAUTHORIZED('version header was not found.')));
  });

  test('unknown Version -> 401 version header is invalid', async () => {
    for (const version of ['2020-01-01', 'v2', 'V3', ' 2021-07-28x']) {
      const res = await list({ version, authorization: `Bearer ${ctx.tenant.locationToken}` });
      assert.equal(res.statusCode, 401, version);
      assert.equal(res.body, JSON.stringify(UNAUTHORIZED('version header is invalid')));
    }
  });

  test('the Version check comes before the token check', async () => {
    const res = await list({});
    assert.deepEqual(res.json(), UNAUTHORIZED('version header was not found.'));
  });

  test('Version v3 is accepted on the invoice operations (apps/v3/invoices-v3.json), nowhere else', async () => {
    const headers = { version: 'v3', authorization: `Bearer ${ctx.tenant.locationToken}` };
    assert.equal((await list(headers)).statusCode, 200);
    const send = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/0123456789abcdef01234567/send',
      headers,
      payload: {
        altId: ctx.tenant.locationId,
        altType: 'location',
        userId: ctx.tenant.userId,
        action: 'email',
        liveMode: false,
      },
    });
    assert.equal(send.statusCode, 404, send.body);
    const users = await ctx.app.inject({
      method: 'GET',
      url: `/users/?locationId=${ctx.tenant.locationId}`,
      headers: { version: 'v3', authorization: `Bearer ${ctx.tenant.agencyToken}` },
    });
    assert.equal(users.statusCode, 401);
    assert.equal(users.body, JSON.stringify(UNAUTHORIZED('version header is invalid')));
  });

  test('every accepted Version works', async () => {
    for (const version of ['2021-07-28', '2021-04-15', '2023-02-21']) {
      const res = await list({ version, authorization: `Bearer ${ctx.tenant.locationToken}` });
      assert.equal(res.statusCode, 200, version);
    }
  });
});

describe('row 3: bearer token', () => {
  const invalid = UNAUTHORIZED('Invalid token: access token is invalid');

  test('missing, malformed or unknown tokens -> 401', async () => {
    for (const authorization of [
      undefined,
      '',
      'Basic abc',
      'Bearer',
      'Bearer ',
      `Bearer ${ctx.tenant.locationToken}x`,
      `Bearer ${'a'.repeat(5000)}`,
      `Token ${ctx.tenant.locationToken}`,
    ]) {
      const headers: Record<string, string> = { version: VERSION };
      if (authorization !== undefined) headers.authorization = authorization;
      const res = await list(headers);
      assert.equal(res.statusCode, 401, String(authorization).slice(0, 40));
      assert.equal(res.body, JSON.stringify(invalid));
    }
  });

  test('a revoked token stops working at once', async () => {
    const t = await createToken(ctx, {
      kind: 'location',
      companyId: ctx.tenant.companyId,
      locationId: ctx.tenant.locationId,
    });
    assert.equal((await list({ version: VERSION, authorization: `Bearer ${t.token}` })).statusCode, 200);
    assert.equal(await revokeToken(ctx, t.id), true);
    const res = await list({ version: VERSION, authorization: `Bearer ${t.token}` });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(res.json(), invalid);
  });

  test('an expired token -> 401', async () => {
    const t = await createToken(ctx, {
      kind: 'location',
      companyId: ctx.tenant.companyId,
      locationId: ctx.tenant.locationId,
      expiresIn: 3600,
    });
    assert.equal((await list({ version: VERSION, authorization: `Bearer ${t.token}` })).statusCode, 200);
    await ctx.store.db
      .updateTable('api_tokens')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('id', '=', t.id)
      .execute();
    const res = await list({ version: VERSION, authorization: `Bearer ${t.token}` });
    assert.deepEqual(res.json(), invalid);
  });

  test('only the hash of a token is stored', async () => {
    const rows = await ctx.store.db.selectFrom('api_tokens').select('token_hash').execute();
    for (const row of rows) {
      assert.match(row.token_hash, /^[0-9a-f]{64}$/);
      assert.notEqual(row.token_hash, ctx.tenant.locationToken);
    }
  });
});

describe('row 4: scopes', () => {
  test('a token without invoices.readonly cannot list; without invoices.write cannot create', async () => {
    const readOnly = await createToken(ctx, {
      kind: 'location',
      companyId: ctx.tenant.companyId,
      locationId: ctx.tenant.locationId,
      scopes: ['invoices.readonly'],
    });
    const writeOnly = await createToken(ctx, {
      kind: 'location',
      companyId: ctx.tenant.companyId,
      locationId: ctx.tenant.locationId,
      scopes: ['invoices.write'],
    });
    const scopeError = JSON.stringify(UNAUTHORIZED('The token is not authorized for this scope.'));

    const denied = await list({ version: VERSION, authorization: `Bearer ${writeOnly.token}` });
    assert.equal(denied.statusCode, 401);
    assert.equal(denied.body, scopeError);
    assert.equal(
      (await list({ version: VERSION, authorization: `Bearer ${readOnly.token}` })).statusCode,
      200,
    );

    const before = await ctx.store.db
      .selectFrom('invoices')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    // The scope check comes before body validation: even an empty body gets the scope error.
    const create = await ctx.app.inject({
      method: 'POST',
      url: '/invoices/',
      headers: {
        version: VERSION,
        authorization: `Bearer ${readOnly.token}`,
        'content-type': 'application/json',
      },
      payload: '{}',
    });
    assert.equal(create.statusCode, 401);
    assert.equal(create.body, scopeError);
    const afterCount = await ctx.store.db
      .selectFrom('invoices')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(afterCount.n, before.n);
  });
});
