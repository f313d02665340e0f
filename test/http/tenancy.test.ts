/**
 * The bootstrap endpoints: location tokens from agency tokens, locations, users. Each refusal is checked
 * for its HighLevel body and for leaving the store unchanged.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { HighLevel } from '@gohighlevel/api-client';
import { hashToken } from '../../src/domain/tokens.ts';
import { createToken } from '../../src/tenancy/tokens.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';

let ctx: TestContext;
let acme: Tenant;
let other: Tenant;
/** A second location of Acme's company, with no user on it. */
let acmeSecondLocation: string;

before(async () => {
  ctx = await setupApp();
  acme = ctx.tenant;
  other = await seedTenant(ctx.store, 'Other');
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/locations/',
    headers: authHeaders(acme.agencyToken),
    payload: { name: 'Acme West', companyId: acme.companyId },
  });
  assert.equal(res.statusCode, 200, res.body);
  acmeSecondLocation = res.json().id;
});
after(async () => {
  await ctx.close();
});

const FORBIDDEN_LOCATION = {
  statusCode: 403,
  message: 'The token does not have access to this location.',
  error: 'Forbidden',
};
const FORBIDDEN_COMPANY = {
  statusCode: 403,
  message: 'The token does not have access to this company.',
  error: 'Forbidden',
};
const SCOPE_MISSING = {
  statusCode: 401,
  message: 'The token is not authorized for this scope.',
  error: 'Unauthorized',
};

async function count(table: 'api_tokens' | 'locations' | 'users' | 'user_locations'): Promise<number> {
  const row = await ctx.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function counts() {
  return {
    tokens: await count('api_tokens'),
    locations: await count('locations'),
    users: await count('users'),
    links: await count('user_locations'),
  };
}

describe('POST /oauth/locationToken', () => {
  const mint = (token: string, payload: string | Record<string, string>, json = false) =>
    ctx.app.inject({
      method: 'POST',
      url: '/oauth/locationToken',
      headers: {
        ...authHeaders(token),
        'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      },
      payload: typeof payload === 'string' || json ? payload : new URLSearchParams(payload).toString(),
    });

  test('a form body (what the SDK sends) mints a working location token', async () => {
    const res = await mint(acme.agencyToken, { companyId: acme.companyId, locationId: acme.locationId });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), [
      'access_token',
      'expires_in',
      'locationId',
      'scope',
      'token_type',
      'userId',
    ]);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 86399);
    assert.equal(body.locationId, acme.locationId);
    assert.equal(body.userId, acme.userId);
    const scopes = body.scope.split(' ');
    assert.ok(scopes.includes('invoices.write'));
    assert.ok(scopes.includes('locations.readonly'));
    for (const agencyOnly of ['oauth.write', 'oauth.readonly', 'locations.write']) {
      assert.ok(!scopes.includes(agencyOnly), agencyOnly);
    }

    const row = await ctx.store.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', hashToken(body.access_token))
      .executeTakeFirstOrThrow();
    assert.equal(row.kind, 'location');
    assert.equal(row.location_id, acme.locationId);
    assert.deepEqual(row.scopes, scopes);
    const lifetime = (row.expires_at!.getTime() - row.created_at.getTime()) / 1000;
    assert.ok(lifetime > 86390 && lifetime < 86410, String(lifetime));

    const location = await ctx.app.inject({
      method: 'GET',
      url: `/locations/${acme.locationId}`,
      headers: authHeaders(body.access_token),
    });
    assert.equal(location.statusCode, 200, location.body);
    assert.equal(location.json().location.id, acme.locationId);
    // A location token stays inside its location, even within its own company.
    const sibling = await ctx.app.inject({
      method: 'GET',
      url: `/locations/${acmeSecondLocation}`,
      headers: authHeaders(body.access_token),
    });
    assert.equal(sibling.statusCode, 403);
  });

  test('a JSON body works too', async () => {
    const res = await mint(
      acme.agencyToken,
      JSON.stringify({ companyId: acme.companyId, locationId: acmeSecondLocation }),
      true,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().locationId, acmeSecondLocation);
    // No user is on that location: the company's user stands in as the installing user.
    assert.equal(res.json().userId, acme.userId);
  });

  test('the new token never holds more than the agency token it comes from', async () => {
    const narrow = await createToken(ctx, {
      kind: 'agency',
      companyId: acme.companyId,
      scopes: ['oauth.write', 'invoices.readonly'],
    });
    const res = await mint(narrow.token, { companyId: acme.companyId, locationId: acme.locationId });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().scope, 'invoices.readonly');
  });

  test('another company or its location -> 400, no token minted', async () => {
    const before = await counts();
    const foreignLocation = await mint(acme.agencyToken, {
      companyId: acme.companyId,
      locationId: other.locationId,
    });
    assert.equal(foreignLocation.statusCode, 400);
    assert.deepEqual(foreignLocation.json(), {
      statusCode: 400,
      message: 'Location not found in this company',
      error: 'Bad Request',
    });
    const foreignCompany = await mint(acme.agencyToken, {
      companyId: other.companyId,
      locationId: other.locationId,
    });
    assert.deepEqual(foreignCompany.json(), {
      statusCode: 400,
      message: 'companyId does not match the token',
      error: 'Bad Request',
    });
    const unknown = await mint(acme.agencyToken, { companyId: acme.companyId, locationId: 'nope' });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(await counts(), before);
  });

  test('a location token is refused', async () => {
    const res = await mint(acme.locationToken, { companyId: acme.companyId, locationId: acme.locationId });
    assert.deepEqual(res.json(), SCOPE_MISSING);
    // Even one that was (wrongly) given the scope: the route is for agency tokens only.
    const odd = await createToken(ctx, {
      kind: 'location',
      companyId: acme.companyId,
      locationId: acme.locationId,
      scopes: ['oauth.write'],
    });
    const before = await counts();
    const refused = await mint(odd.token, { companyId: acme.companyId, locationId: acme.locationId });
    assert.equal(refused.statusCode, 401);
    assert.deepEqual(refused.json(), {
      statusCode: 401,
      message: 'This route requires an agency access token.',
      error: 'Unauthorized',
    });
    assert.deepEqual(await counts(), before);
  });

  test('missing or extra fields -> 422 in the class-validator style', async () => {
    const before = await counts();
    const missing = await mint(acme.agencyToken, { companyId: acme.companyId });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(missing.json(), {
      statusCode: 422,
      message: ['locationId should not be empty'],
      error: 'Unprocessable Entity',
    });
    const extra = await mint(acme.agencyToken, {
      companyId: acme.companyId,
      locationId: acme.locationId,
      scope: 'oauth.write',
    });
    assert.equal(extra.statusCode, 422);
    assert.deepEqual(extra.json().message, ['property scope should not exist']);
    assert.deepEqual(await counts(), before);
  });
});

describe('POST /locations/ and GET /locations/:locationId', () => {
  test('an agency token creates a location; GET returns it wrapped in {location}', async () => {
    const payload = {
      name: 'Acme East',
      companyId: acme.companyId,
      email: 'east@acme.test',
      phone: '+15555550123',
      address: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      country: 'US',
      postalCode: '62701',
      website: 'https://acme.test',
      timezone: 'America/Chicago',
      // Listed by the official CreateLocationDto; accepted without effect.
      settings: { allowDuplicateContact: false },
      prospectInfo: { firstName: 'A', lastName: 'B', email: 'a@b.test' },
    };
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/locations/',
      headers: authHeaders(acme.agencyToken),
      payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    const { settings: _s, prospectInfo: _p, ...stored } = payload;
    const created = res.json();
    assert.match(created.id, /^[A-Za-z0-9]{20}$/);
    assert.deepEqual(created, { id: created.id, ...stored });

    const got = await ctx.app.inject({
      method: 'GET',
      url: `/locations/${created.id}`,
      headers: authHeaders(acme.agencyToken),
    });
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), { location: created });
  });

  test('a location token reads its own location; unset fields are left out', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/locations/${acme.locationId}`,
      headers: authHeaders(acme.locationToken),
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      location: { id: acme.locationId, companyId: acme.companyId, name: 'Acme', email: 'billing@acme.test' },
    });
  });

  test("another company's location, or none at all, is a 403 (docs/send-invoice.md §1 row 6: existence is not revealed)", async () => {
    for (const [token, locationId] of [
      [acme.agencyToken, other.locationId],
      [acme.locationToken, other.locationId],
      [acme.agencyToken, 'doesNotExist00000000'],
      [other.locationToken, acme.locationId],
    ] as const) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/locations/${locationId}`,
        headers: authHeaders(token),
      });
      assert.equal(res.statusCode, 403, `${locationId}: ${res.body}`);
      assert.deepEqual(res.json(), FORBIDDEN_LOCATION);
    }
  });

  test('creating in another company -> 403; a location token -> 401; nothing created', async () => {
    const before = await counts();
    const foreign = await ctx.app.inject({
      method: 'POST',
      url: '/locations/',
      headers: authHeaders(acme.agencyToken),
      payload: { name: 'Sneaky', companyId: other.companyId },
    });
    assert.equal(foreign.statusCode, 403);
    assert.deepEqual(foreign.json(), FORBIDDEN_COMPANY);
    const byLocation = await ctx.app.inject({
      method: 'POST',
      url: '/locations/',
      headers: authHeaders(acme.locationToken),
      payload: { name: 'Sneaky', companyId: acme.companyId },
    });
    assert.deepEqual(byLocation.json(), SCOPE_MISSING);
    assert.deepEqual(await counts(), before);
  });

  test('bad input -> 422 listing every problem; nothing created', async () => {
    const before = await counts();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/locations/',
      headers: authHeaders(acme.agencyToken),
      payload: { companyId: acme.companyId, email: 'not-an-email', color: 'red' },
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), {
      statusCode: 422,
      message: ['name should not be empty', 'property color should not exist', 'email must be an email'],
      error: 'Unprocessable Entity',
    });
    const notJson = await ctx.app.inject({
      method: 'POST',
      url: '/locations/',
      headers: { ...authHeaders(acme.agencyToken), 'content-type': 'application/json' },
      payload: '{"name":',
    });
    assert.deepEqual(notJson.json(), { statusCode: 400, message: 'Bad Request' });
    assert.deepEqual(await counts(), before);
  });
});

describe('POST /users/ and GET /users/?locationId=', () => {
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    companyId: acme.companyId,
    firstName: 'Bea',
    lastName: 'Billing',
    email: 'bea@acme.test',
    password: 'not-kept-anywhere',
    type: 'account',
    role: 'user',
    locationIds: [acme.locationId],
    permissions: { invoiceEnabled: true },
    ...overrides,
  });
  const post = (token: string, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/users/', headers: authHeaders(token), payload });
  const list = (token: string, locationId: string) =>
    ctx.app.inject({ method: 'GET', url: `/users/?locationId=${locationId}`, headers: authHeaders(token) });

  test('an agency token creates a user; the location lists it', async () => {
    const res = await post(acme.agencyToken, newUser({ locationIds: [acme.locationId, acmeSecondLocation] }));
    assert.equal(res.statusCode, 200, res.body);
    const user = res.json();
    assert.deepEqual(user, {
      id: user.id,
      name: 'Bea Billing',
      firstName: 'Bea',
      lastName: 'Billing',
      email: 'bea@acme.test',
      roles: { type: 'account', role: 'user', locationIds: [acme.locationId, acmeSecondLocation].sort() },
    });
    assert.ok(!res.body.includes('not-kept-anywhere'));

    const listed = await list(acme.locationToken, acme.locationId);
    assert.equal(listed.statusCode, 200);
    const users = listed.json().users;
    assert.deepEqual(
      users.map((u: { id: string }) => u.id),
      [acme.userId, user.id],
    );
    assert.deepEqual(users[1], user);
  });

  test('a location token adds a user to its own location only', async () => {
    const ok = await post(acme.locationToken, newUser({ email: 'cy@acme.test' }));
    assert.equal(ok.statusCode, 200, ok.body);
    const before = await counts();
    for (const payload of [
      newUser({ email: 'dee@acme.test', locationIds: [acmeSecondLocation] }),
      newUser({ email: 'dee@acme.test', type: 'agency', locationIds: [] }),
    ]) {
      const refused = await post(acme.locationToken, payload);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.deepEqual(refused.json(), FORBIDDEN_LOCATION);
    }
    assert.deepEqual(await counts(), before);
  });

  test("another company's location or company -> 403, nothing created", async () => {
    const before = await counts();
    const foreignLocation = await post(
      acme.agencyToken,
      newUser({ email: 'x@acme.test', locationIds: [other.locationId] }),
    );
    assert.deepEqual(foreignLocation.json(), FORBIDDEN_LOCATION);
    const mixed = await post(
      acme.agencyToken,
      newUser({ email: 'x@acme.test', locationIds: [acme.locationId, other.locationId] }),
    );
    assert.deepEqual(mixed.json(), FORBIDDEN_LOCATION);
    const foreignCompany = await post(
      acme.agencyToken,
      newUser({ email: 'x@acme.test', companyId: other.companyId }),
    );
    assert.deepEqual(foreignCompany.json(), FORBIDDEN_COMPANY);
    assert.deepEqual(await counts(), before);
  });

  test('a second user with the same email (any case) -> 400, nothing created', async () => {
    const before = await counts();
    const res = await post(acme.agencyToken, newUser({ email: 'BEA@acme.test' }));
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      statusCode: 400,
      message: 'A user with this email already exists',
      error: 'Bad Request',
    });
    assert.deepEqual(await counts(), before);
  });

  test('bad input -> 422, nothing created', async () => {
    const before = await counts();
    const res = await post(acme.agencyToken, newUser({ email: 'nope', type: 'robot', locationIds: 'abc' }));
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json().message, [
      'email must be an email',
      'type must be one of the following values: account, agency',
      'locationIds must be an array',
    ]);
    assert.deepEqual(await counts(), before);
  });

  test('GET /users/ needs a locationId within reach', async () => {
    const missing = await ctx.app.inject({
      method: 'GET',
      url: '/users/',
      headers: authHeaders(acme.agencyToken),
    });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(missing.json().message, ['locationId should not be empty']);
    const foreign = await list(acme.agencyToken, other.locationId);
    assert.deepEqual(foreign.json(), FORBIDDEN_LOCATION);
    const sibling = await list(acme.locationToken, acmeSecondLocation);
    assert.deepEqual(sibling.json(), FORBIDDEN_LOCATION);
    const empty = await list(other.agencyToken, other.locationId);
    assert.equal(empty.statusCode, 200);
    assert.deepEqual(
      empty.json().users.map((u: { id: string }) => u.id),
      [other.userId],
    );
  });
});

describe('the official SDK (@gohighlevel/api-client) bootstraps against a real port', () => {
  function client(token: string, baseURL: string): HighLevel {
    // privateIntegrationToken: the SDK sends this bearer as is and never tries to refresh it.
    const sdk = new HighLevel({ privateIntegrationToken: token, logLevel: 'error' });
    sdk.getHttpClient().defaults.baseURL = baseURL;
    return sdk;
  }

  test('agency: create a location and a user; then a minted location token reads them', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const baseURL = `http://127.0.0.1:${port}`;
    const agency = client(acme.agencyToken, baseURL);

    const location = await agency.locations.createLocation({
      name: 'SDK Shop',
      companyId: acme.companyId,
      city: 'Austin',
      timezone: 'America/Chicago',
    });
    assert.match(String(location.id), /^[A-Za-z0-9]{20}$/);
    assert.equal(location.city, 'Austin');

    const user = await agency.users.createUser({
      companyId: acme.companyId,
      firstName: 'Sam',
      lastName: 'Sdk',
      email: 'sam@sdk.test',
      password: 'secret-password',
      type: 'account',
      role: 'admin',
      locationIds: [location.id!],
    });
    assert.deepEqual(user.roles?.locationIds, [location.id]);

    const minted = await agency.oauth.getLocationAccessToken({
      companyId: acme.companyId,
      locationId: location.id!,
    });
    assert.equal(minted.locationId, location.id);
    assert.equal(minted.userId, user.id);

    const sub = client(minted.access_token!, baseURL);
    const got = await sub.locations.getLocation({ locationId: location.id! });
    assert.equal(got.location?.name, 'SDK Shop');
    const users = await sub.users.getUserByLocation({ locationId: location.id! });
    assert.deepEqual(
      users.users?.map((u) => u.email),
      ['sam@sdk.test'],
    );
  });
});
