/** The test clock (issue #12 item 9): GET /test-clock, POST /test-clock/advance, `hl-invoices clock`. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { locationNow, rowNow } from '../../src/store/clocks.ts';
import { authHeaders, seedTenant, setupApp, type Tenant, type TestContext } from '../fixtures/app.ts';
import { cli } from '../fixtures/cli.ts';

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

const DAY = 86_400;

function read(tenant: Tenant, token = tenant.locationToken, altId = tenant.locationId) {
  return ctx.app.inject({
    method: 'GET',
    url: `/test-clock?altId=${altId}&altType=location`,
    headers: authHeaders(token),
  });
}

function advance(payload: object, token = a.locationToken) {
  return ctx.app.inject({ method: 'POST', url: '/test-clock/advance', headers: authHeaders(token), payload });
}

test('a new location runs on the real time; an advance moves its test-mode time only', async () => {
  const before = Date.now();
  const fresh = await read(a);
  assert.equal(fresh.statusCode, 200, fresh.body);
  assert.equal(fresh.json().offsetSeconds, 0);
  assert.ok(Math.abs(Date.parse(fresh.json().now) - before) < 60_000);

  const moved = await advance({ altId: a.locationId, altType: 'location', seconds: 7 * DAY });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(moved.json().offsetSeconds, 7 * DAY);
  const ahead = Date.parse(moved.json().now) - Date.now();
  assert.ok(ahead > 7 * DAY * 1000 - 60_000 && ahead < 7 * DAY * 1000 + 60_000, `ahead by ${ahead} ms`);
  // Offsets add up.
  const again = await advance({ altId: a.locationId, altType: 'location', seconds: 3600 });
  assert.equal(again.json().offsetSeconds, 7 * DAY + 3600);
  assert.equal((await read(a)).json().offsetSeconds, 7 * DAY + 3600);

  // Live data and the other location keep the real time.
  const live = await locationNow(ctx.store.db, a.locationId, true);
  assert.ok(Math.abs(live.getTime() - Date.now()) < 60_000);
  assert.equal((await read(b)).json().offsetSeconds, 0);
});

test('rowNow reads each row its own time: test rows on their location clock, live rows on the real one', async () => {
  const rows = await sql<{ location: string; live: boolean; now: Date }>`
    select t.location, t.live, ${rowNow('t.live', 't.location')} as now
    from (values (${a.locationId}, false), (${a.locationId}, true), (${b.locationId}, false)) as t(location, live)
  `.execute(ctx.store.db);
  const [aTest, aLive, bTest] = rows.rows.map((r) => r.now.getTime());
  const offset = (await read(a)).json().offsetSeconds * 1000;
  assert.ok(offset > 0);
  assert.ok(Math.abs(aTest! - aLive! - offset) < 5_000, 'test rows of A are ahead by its offset');
  assert.ok(Math.abs(bTest! - aLive!) < 5_000, 'B has no clock: the real time');
});

test('the clock refuses what it cannot do, with a message, and changes nothing', async () => {
  const offset = (await read(a)).json().offsetSeconds;
  const live = await advance({ altId: a.locationId, altType: 'location', seconds: 60, liveMode: true });
  assert.equal(live.statusCode, 400);
  assert.match(live.json().message, /test-mode data only/);
  for (const seconds of [0, -5, 1.5, 400 * 366 * DAY, '60']) {
    const bad = await advance({ altId: a.locationId, altType: 'location', seconds });
    assert.equal(bad.statusCode, 422, `seconds ${seconds}: ${bad.body}`);
  }
  assert.equal((await advance({ altId: a.locationId, altType: 'location' })).statusCode, 422);
  // Another location's clock, and an agency token (it names no one location's test data).
  assert.equal((await advance({ altId: b.locationId, altType: 'location', seconds: 60 })).statusCode, 403);
  assert.equal((await read(a, a.locationToken, b.locationId)).statusCode, 403);
  const agency = await advance({ altId: a.locationId, altType: 'location', seconds: 60 }, a.agencyToken);
  assert.equal(agency.statusCode, 403);
  assert.match(agency.json().message, /location token/);
  assert.equal((await read(a, a.agencyToken)).statusCode, 403);
  assert.equal((await read(a)).json().offsetSeconds, offset);
  assert.equal((await read(b)).json().offsetSeconds, 0);
});

test('`hl-invoices clock advance --by 7d` moves the clock; `clock show` reads it', async () => {
  const env = { DATABASE_URL: ctx.databaseUrl };
  const start = (await read(b)).json().offsetSeconds;
  const moved = await cli(['clock', 'advance', '--location', b.locationId, '--by', '7d', '--json'], env);
  assert.equal(moved.code, 0, moved.stderr);
  assert.equal(JSON.parse(moved.stdout).offsetSeconds, start + 7 * DAY);
  const shown = await cli(['clock', 'show', '--location', b.locationId], env);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`${start + 7 * DAY} s ahead`));
  const bad = await cli(['clock', 'advance', '--location', b.locationId, '--by', 'soon'], env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--by as 90s, 30m, 12h, 7d or 2w/);
  const nowhere = await cli(['clock', 'show', '--location', 'no-such-location'], env);
  assert.equal(nowhere.code, 1);
  assert.match(nowhere.stderr, /Location no-such-location not found/);
  assert.equal((await read(b)).json().offsetSeconds, start + 7 * DAY);
});
