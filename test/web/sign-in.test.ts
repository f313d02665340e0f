/** Dashboard sign-in (issue #13 item 2): passwords, one-time links, sessions in PostgreSQL, CSRF, expiry. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TASKS } from '../../src/jobs/scheduler.ts';
import { createLoginLink, setUserPassword } from '../../src/tenancy/sign-in.ts';
import { NO_LIMITS, setupApp, type TestContext } from '../fixtures/app.ts';
import { formBody, sessionCookieOf, signIn } from '../fixtures/dashboard.ts';

describe('dashboard sign-in', () => {
  let t: TestContext;
  before(async () => {
    t = await setupApp();
  });
  after(() => t.close());

  const loginForm = (email: string, password: string, extra: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/app/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ email, password, ...extra }),
    });

  test('signed out, /app pages send the person to the sign-in page and back', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/app/l/${t.tenant.locationId}/invoices?status=paid`,
    });
    assert.equal(res.statusCode, 303);
    assert.equal(
      res.headers.location,
      `/app/login?next=${encodeURIComponent(`/app/l/${t.tenant.locationId}/invoices?status=paid`)}`,
    );
    const page = await t.app.inject({ method: 'GET', url: String(res.headers.location) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="\/app\/login">/);
    assert.match(page.body, /<label for="password">Password<\/label>/);
  });

  test('a password signs in; a wrong one is refused without saying which part was wrong', async () => {
    const user = await t.store.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', t.tenant.userId)
      .executeTakeFirstOrThrow();
    await setUserPassword({ store: t.store }, t.tenant.userId, 'correct horse battery');
    const wrong = await loginForm(user.email, 'correct horse battery!');
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /That email and password do not match a user/);
    const unknown = await loginForm('nobody@example.com', 'correct horse battery');
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.body.replace(/value="[^"]*"/g, ''), wrong.body.replace(/value="[^"]*"/g, ''));

    const next = `/app/l/${t.tenant.locationId}`;
    const ok = await loginForm(user.email.toUpperCase(), 'correct horse battery', { next });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, next);
    const setCookie = String(ok.headers['set-cookie']);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    assert.match(setCookie, /Path=\/app/);
    const cookie = sessionCookieOf(ok.headers['set-cookie']);
    const page = await t.app.inject({ method: 'GET', url: next, headers: { cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sign out/);
  });

  test('next= never leaves the dashboard (no open redirect)', async () => {
    const user = await t.store.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', t.tenant.userId)
      .executeTakeFirstOrThrow();
    for (const next of ['https://evil.example/', '//evil.example/app/', '/app/../x', '/\\evil.example']) {
      const res = await loginForm(user.email, 'correct horse battery', { next });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/app', next);
    }
  });

  test('a sign-in link works once', async () => {
    const token = await createLoginLink({ store: t.store }, t.tenant.userId, 600);
    const first = await t.app.inject({ method: 'GET', url: `/app/login/${token}` });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/app');
    const again = await t.app.inject({ method: 'GET', url: `/app/login/${token}` });
    assert.equal(again.statusCode, 401);
    assert.match(again.body, /has been used or has expired/);
    const expired = await createLoginLink({ store: t.store }, t.tenant.userId, 600);
    await t.store.db
      .updateTable('login_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    assert.equal((await t.app.inject({ method: 'GET', url: `/app/login/${expired}` })).statusCode, 401);
  });

  test('sign-in issues a new session id: one planted before sign-in is not the signed-in one (fixation)', async () => {
    const planted = 'hl_session=hls_plantedplantedplantedplantedplanted';
    const token = await createLoginLink({ store: t.store }, t.tenant.userId, 600);
    const res = await t.app.inject({
      method: 'GET',
      url: `/app/login/${token}`,
      headers: { cookie: planted },
    });
    const cookie = sessionCookieOf(res.headers['set-cookie']);
    assert.notEqual(cookie, planted);
    const withPlanted = await t.app.inject({
      method: 'GET',
      url: `/app/l/${t.tenant.locationId}`,
      headers: { cookie: planted },
    });
    assert.equal(withPlanted.statusCode, 303);
    // Signing in again replaces (and ends) the session the browser had.
    const second = await createLoginLink({ store: t.store }, t.tenant.userId, 600);
    const res2 = await t.app.inject({ method: 'GET', url: `/app/login/${second}`, headers: { cookie } });
    assert.notEqual(sessionCookieOf(res2.headers['set-cookie']), cookie);
    const old = await t.app.inject({
      method: 'GET',
      url: `/app/l/${t.tenant.locationId}`,
      headers: { cookie },
    });
    assert.equal(old.statusCode, 303);
  });

  test('forms without the session CSRF token change nothing', async () => {
    const agent = await signIn(t.app, t.store, t.tenant.userId);
    const missing = await agent.post('/app/logout', {}, { csrf: false });
    assert.equal(missing.status, 403);
    assert.match(missing.body, /did not come from this dashboard/);
    const wrong = await agent.post('/app/logout', {}, { csrf: 'x'.repeat(agent.csrf.length) });
    assert.equal(wrong.status, 403);
    assert.equal((await agent.get(`/app/l/${t.tenant.locationId}`)).status, 200);
    const out = await agent.post('/app/logout');
    assert.equal(out.status, 303);
    assert.equal((await agent.get(`/app/l/${t.tenant.locationId}`)).status, 303);
  });

  test('a session idle for longer than the limit, or past its absolute end, has ended', async () => {
    const idle = await signIn(t.app, t.store, t.tenant.userId);
    await t.store.db
      .updateTable('dashboard_sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60 * 1000) })
      .execute();
    const res = await idle.get(`/app/l/${t.tenant.locationId}`);
    assert.equal(res.status, 303);
    const old = await signIn(t.app, t.store, t.tenant.userId);
    await t.store.db
      .updateTable('dashboard_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    assert.equal((await old.get(`/app/l/${t.tenant.locationId}`)).status, 303);
  });

  test('activity keeps a session alive; its last-seen time is written at most once a minute', async () => {
    const agent = await signIn(t.app, t.store, t.tenant.userId);
    const lastSeen = async () =>
      (
        await t.store.db
          .selectFrom('dashboard_sessions')
          .select('last_seen_at')
          .orderBy('created_at', 'desc')
          .executeTakeFirstOrThrow()
      ).last_seen_at.getTime();
    const recent = new Date(Date.now() - 20_000);
    await t.store.db.updateTable('dashboard_sessions').set({ last_seen_at: recent }).execute();
    assert.equal((await agent.get(`/app/l/${t.tenant.locationId}`)).status, 200);
    assert.equal(await lastSeen(), recent.getTime(), 'not written 20 s after the last write');
    await t.store.db
      .updateTable('dashboard_sessions')
      .set({ last_seen_at: new Date(Date.now() - 25 * 60 * 1000) })
      .execute();
    assert.equal((await agent.get(`/app/l/${t.tenant.locationId}`)).status, 200);
    assert.ok(Date.now() - (await lastSeen()) < 60_000, 'moved to now after 25 idle minutes');
  });

  test('a password change ends the user’s sessions', async () => {
    const agent = await signIn(t.app, t.store, t.tenant.userId);
    await setUserPassword({ store: t.store }, t.tenant.userId, 'another long password');
    assert.equal((await agent.get(`/app/l/${t.tenant.locationId}`)).status, 303);
  });
});

describe('dashboard sign-in attempts are limited per address', () => {
  let t: TestContext;
  before(async () => {
    t = await setupApp({ limits: { ...NO_LIMITS, signInPerMinute: 3 } });
  });
  after(() => t.close());

  test('the fourth attempt in a minute is refused with 429 and Retry-After, even with the right password', async () => {
    await setUserPassword({ store: t.store }, t.tenant.userId, 'correct horse battery');
    const email = (
      await t.store.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', t.tenant.userId)
        .executeTakeFirstOrThrow()
    ).email;
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/app/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ email, password }),
      });
    for (let i = 0; i < 3; i++) assert.equal((await attempt(`wrong password ${i}`)).statusCode, 401);
    const refused = await attempt('correct horse battery');
    assert.equal(refused.statusCode, 429);
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    assert.match(refused.body, /sign-in attempts per minute/);
    assert.match(String(refused.headers['content-type']), /text\/html/);
    // Other dashboard pages are not counted.
    assert.equal((await t.app.inject({ method: 'GET', url: '/app/login' })).statusCode, 200);
  });
});

describe('expired sign-ins are cleaned up by the scheduler', () => {
  let t: TestContext;
  before(async () => {
    t = await setupApp();
  });
  after(() => t.close());

  test('the sign-ins task deletes ended sessions and used or expired links, and keeps live ones', async () => {
    const live = await signIn(t.app, t.store, t.tenant.userId);
    await signIn(t.app, t.store, t.tenant.userId);
    const unused = await createLoginLink({ store: t.store }, t.tenant.userId, 600);
    const rows = await t.store.db.selectFrom('dashboard_sessions').select('id_hash').execute();
    await t.store.db
      .updateTable('dashboard_sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id_hash', '=', rows[1]!.id_hash)
      .execute();
    const task = TASKS.find((x) => x.name === 'sign-ins')!;
    const removed = await task.run({ store: t.store } as never, 50);
    assert.equal(removed, 3, 'one session, two used links');
    assert.equal((await t.store.db.selectFrom('dashboard_sessions').select('id_hash').execute()).length, 1);
    assert.equal((await live.get(`/app/l/${t.tenant.locationId}`)).status, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: `/app/login/${unused}` })).statusCode, 303);
  });
});
