/**
 * `bin/hl-invoices.js` as a user runs it: a real child process on a real database (DATABASE_URL), and
 * once on an empty embedded DATA_DIR, which is how `npm start` runs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { build } from '../../src/app.ts';
import { hashToken } from '../../src/domain/tokens.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { authHeaders, createTestDatabase, testConfig } from '../fixtures/app.ts';
import { cli, freePort, health, launch, stopGracefully, until } from '../fixtures/cli.ts';

describe('store commands on DATABASE_URL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let store: Store;
  let app: FastifyInstance;
  let env: Record<string, string>;
  let seeded: Record<string, string>;

  before(async () => {
    database = await createTestDatabase();
    store = openStore(database.url, { max: 2 });
    app = await build({ config: testConfig(), databaseUrl: database.url, store });
    await app.ready();
    env = { DATABASE_URL: database.url };
  });
  after(async () => {
    await app?.close();
    await store?.close();
    await database?.drop();
  });

  const companies = async () => (await store.db.selectFrom('companies').select('id').execute()).length;
  const tokens = async () => (await store.db.selectFrom('api_tokens').select('id').execute()).length;
  const readLocation = (token: string) =>
    app.inject({ method: 'GET', url: `/locations/${seeded.locationId}`, headers: authHeaders(token) });

  test('init --json seeds an empty store and prints its ids and tokens as JSON', async () => {
    const res = await cli(['init', '--json'], env);
    assert.equal(res.code, 0, res.stderr);
    seeded = JSON.parse(res.stdout);
    assert.deepEqual(Object.keys(seeded), [
      'companyId',
      'locationId',
      'userId',
      'agencyToken',
      'locationToken',
    ]);
    assert.match(seeded.agencyToken!, /^hla_/);
    assert.match(seeded.locationToken!, /^hll_/);
    const location = await readLocation(seeded.locationToken!);
    assert.equal(location.statusCode, 200);
    assert.equal(location.json().location.companyId, seeded.companyId);
    assert.equal((await readLocation(seeded.agencyToken!)).statusCode, 200);
  });

  test('a second init changes nothing and exits 3', async () => {
    const before = { companies: await companies(), tokens: await tokens() };
    const res = await cli(['init', '--json'], env);
    assert.equal(res.code, 3);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /already holds data; init changed nothing/);
    assert.deepEqual({ companies: await companies(), tokens: await tokens() }, before);
  });

  test('user login-link prints a one-time link; user password --generate sets a password that signs in', async () => {
    const link = await cli(['user', 'login-link', '--user', seeded.userId!], env);
    assert.equal(link.code, 0, link.stderr);
    const url = new URL(link.stdout.trim());
    assert.match(url.pathname, /^\/app\/login\/hlk_[A-Za-z0-9_-]{40,}$/);
    const first = await app.inject({ method: 'GET', url: url.pathname });
    assert.equal(first.statusCode, 303);
    assert.match(String(first.headers['set-cookie']), /^hl_session=hls_/);
    assert.equal((await app.inject({ method: 'GET', url: url.pathname })).statusCode, 401, 'used once');

    const generated = await cli(['user', 'password', '--user', seeded.userId!, '--generate'], env);
    assert.equal(generated.code, 0, generated.stderr);
    const password = generated.stdout.trim();
    assert.ok(password.length >= 20);
    const signIn = await app.inject({
      method: 'POST',
      url: '/app/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'admin@example.com', password }).toString(),
    });
    assert.equal(signIn.statusCode, 303, signIn.body);
    assert.equal(signIn.headers.location, '/app');

    const unknown = await cli(['user', 'login-link', '--user', 'nobody'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /there is no user nobody/);
    const missing = await cli(['user', 'password'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--user ID is required/);
  });

  test('token create / list / revoke round trip; a revoked token is refused', async () => {
    const created = await cli(
      [
        'token',
        'create',
        '--location',
        seeded.locationId!,
        '--scopes',
        'locations.readonly,invoices.readonly',
        '--json',
      ],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const token = JSON.parse(created.stdout);
    assert.equal(token.kind, 'location');
    assert.deepEqual(token.scopes, ['locations.readonly', 'invoices.readonly']);
    assert.equal(token.expiresAt, null);
    assert.equal((await readLocation(token.token)).statusCode, 200);

    const listed = await cli(['token', 'list', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    const rows = JSON.parse(listed.stdout);
    const row = rows.find((r: { id: string }) => r.id === token.id);
    assert.deepEqual(Object.keys(row).sort(), [
      'companyId',
      'createdAt',
      'expiresAt',
      'id',
      'kind',
      'label',
      'locationId',
      'revoked',
      'scopes',
    ]);
    assert.equal(row.revoked, false);
    assert.equal(row.locationId, seeded.locationId);
    for (const secret of [token.token, seeded.agencyToken!, seeded.locationToken!]) {
      assert.ok(!listed.stdout.includes(secret), 'a secret was printed');
      assert.ok(!listed.stdout.includes(hashToken(secret)), 'a hash was printed');
    }
    const human = await cli(['token', 'list'], env);
    assert.equal(human.code, 0);
    assert.ok(human.stdout.includes(token.id));
    assert.ok(!human.stdout.includes(token.token));

    const revoked = await cli(['token', 'revoke', token.id], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(revoked.stdout, `Revoked token ${token.id}\n`);
    const refused = await readLocation(token.token);
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().message, 'Invalid token: access token is invalid');
    const after = JSON.parse((await cli(['token', 'list', '--json'], env)).stdout);
    assert.equal(after.find((r: { id: string }) => r.id === token.id).revoked, true);

    const again = await cli(['token', 'revoke', token.id], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no live token with id/);
  });

  test('an agency token with an expiry and a label', async () => {
    const res = await cli(
      ['token', 'create', '--company', seeded.companyId!, '--expires-in', '3600', '--label', 'ci', '--json'],
      env,
    );
    assert.equal(res.code, 0, res.stderr);
    const token = JSON.parse(res.stdout);
    assert.equal(token.kind, 'agency');
    assert.ok(token.scopes.includes('oauth.write'));
    const left = Date.parse(token.expiresAt) - Date.now();
    assert.ok(left > 3_500_000 && left <= 3_600_000, String(left));
    const row = await store.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.label, 'ci');
    assert.equal(row.location_id, null);
  });

  test('bad token options exit 1 with a clear message and create nothing', async () => {
    const before = await tokens();
    const cases: [string[], RegExp][] = [
      [
        ['--location', seeded.locationId!, '--scopes', 'invoices.write,foo'],
        /unknown scope foo; known scopes: /,
      ],
      [
        ['--location', seeded.locationId!, '--scopes', 'oauth.write'],
        /a location token cannot hold oauth\.write/,
      ],
      [['--location', 'nope'], /no location with id nope/],
      [['--company', 'nope'], /no company with id nope/],
      [
        ['--company', seeded.companyId!, '--location', seeded.locationId!],
        /exactly one of --location ID or --company ID/,
      ],
      [[], /exactly one of --location ID or --company ID/],
      [
        ['--company', seeded.companyId!, '--expires-in', 'soon'],
        /--expires-in must be a whole number of seconds/,
      ],
      [['--company', seeded.companyId!, '--colour', 'red'], /Unknown option '--colour'/],
    ];
    for (const [args, message] of cases) {
      const res = await cli(['token', 'create', ...args], env);
      assert.equal(res.code, 1, args.join(' '));
      assert.match(res.stderr, message);
      assert.ok(!res.stderr.includes('    at '), 'no stack trace');
    }
    assert.equal(await tokens(), before);
  });

  test('migrate on a current database says so', async () => {
    const res = await cli(['migrate'], env);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(res.stdout, 'The database is up to date; no migration to apply.\n');
  });

  test('help, unknown commands and bad configuration', async () => {
    const help = await cli(['help'], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: hl-invoices <command>/);
    const unknown = await cli(['frobnicate'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"[\s\S]*Usage: hl-invoices/);
    const unknownSub = await cli(['token', 'frob'], env);
    assert.equal(unknownSub.code, 2);
    const badPort = await cli(['init'], { ...env, PORT: 'abc' });
    assert.equal(badPort.code, 1);
    assert.equal(badPort.stderr, 'hl-invoices: PORT must be a whole number from 0 to 65535, got "abc"\n');
  });

  test('serve answers /health and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const running = launch(['serve', '--no-workers'], { ...env, PORT: String(port) });
    try {
      assert.deepEqual(await until('/health', () => health(port)), { status: 'ok' });
    } finally {
      assert.equal(await stopGracefully(running), 0);
    }
    assert.match(running.output.stderr, /SIGTERM received: shutting down/);
    await assert.rejects(health(port));
  });
});

/** Every process whose command line names this data directory (the embedded postgres and its workers). */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dir)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

describe('start on an empty embedded DATA_DIR (what `npm start` does)', () => {
  let tmp: string;
  let dataDir: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-invoices-cli-'));
    // As root the embedded server runs as 'postgres', which must be able to reach its directory.
    fs.chmodSync(tmp, 0o755);
    dataDir = path.join(tmp, 'data');
  });
  after(() => {
    for (const pid of processesUsing(path.join(dataDir, 'pg'))) process.kill(pid, 'SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('initialises, prints the tokens and a curl example, serves, and stops PostgreSQL on SIGTERM', async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: undefined,
      TEST_ADMIN_DATABASE_URL: undefined,
      DATA_DIR: dataDir,
      PORT: String(port),
    };
    const first = launch(['start'], env);
    try {
      await until('the server', () => health(port));
      const out = first.output.stdout;
      const locationToken = /location token\s+(hll_\S+)/.exec(out)?.[1];
      const locationId = /locationId\s+(\S+)/.exec(out)?.[1];
      assert.ok(locationToken, out);
      assert.match(out, /agency token\s+hla_\S+/);
      assert.match(out, /companyId\s+\S+/);
      assert.match(out, /userId\s+\S+/);
      assert.ok(out.includes(`curl -sS -X POST http://127.0.0.1:${port}/invoices/`), out);
      assert.ok(out.includes("-H 'Version: 2021-07-28'"));
      assert.ok(out.includes(`-H 'Authorization: Bearer ${locationToken}'`));
      const body = JSON.parse(/-d '(.*)'$/m.exec(out)![1]!);
      assert.equal(body.altId, locationId);
      assert.equal(body.altType, 'location');
      // The printed token is live on the running service.
      const res = await fetch(`http://127.0.0.1:${port}/locations/${locationId}`, {
        headers: authHeaders(locationToken!),
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(res.status, 200);
      // The first thing printed is a one-time link into the dashboard, signed in as the seeded user.
      const dashboardLink = /^Open the dashboard[^\n]*\n\s+(http:\/\/\S+\/app\/login\/hlk_\S+)$/m.exec(
        out,
      )?.[1];
      assert.ok(dashboardLink && out.startsWith('Open the dashboard'), out);
      const signedIn = await fetch(dashboardLink, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      assert.equal(signedIn.status, 303);
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
      const home = await fetch(`http://127.0.0.1:${port}/app`, {
        headers: { cookie },
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(home.headers.get('location'), `/app/l/${locationId}`);
      const overview = await fetch(`http://127.0.0.1:${port}/app/l/${locationId}`, {
        headers: { cookie },
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(overview.status, 200);
      assert.ok(processesUsing(path.join(dataDir, 'pg')).length > 0, 'the embedded PostgreSQL runs');
    } finally {
      assert.equal(await stopGracefully(first), 0, first.output.stderr);
    }
    assert.deepEqual(processesUsing(path.join(dataDir, 'pg')), [], 'PostgreSQL stopped with the service');

    // The store now holds data: a second start only serves.
    const second = launch(['start'], env);
    try {
      await until('the second server', () => health(port));
      assert.ok(!second.output.stdout.includes('token'), second.output.stdout);
    } finally {
      assert.equal(await stopGracefully(second), 0, second.output.stderr);
    }
    assert.deepEqual(processesUsing(path.join(dataDir, 'pg')), []);

    // With no server running, a store command starts the embedded PostgreSQL itself and stops it after.
    const listed = await cli(['token', 'list', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(
      JSON.parse(listed.stdout)
        .map((t: { kind: string }) => t.kind)
        .sort(),
      ['agency', 'location'],
    );
    assert.deepEqual(processesUsing(path.join(dataDir, 'pg')), []);
  });

  test('a PostgreSQL left running by a killed service is adopted by the next start, and stopped with it', async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: undefined,
      TEST_ADMIN_DATABASE_URL: undefined,
      DATA_DIR: dataDir,
      PORT: String(port),
    };
    const killed = launch(['start'], env);
    await until('the server', () => health(port));
    killed.child.kill('SIGKILL');
    await killed.exited;
    const orphans = processesUsing(path.join(dataDir, 'pg'));
    assert.ok(orphans.length > 0, 'the killed service left its PostgreSQL running');
    // It listened on a Unix socket in its data directory too (the service's own connections use it).
    assert.ok(
      fs
        .readdirSync(path.join(dataDir, 'pg'), { withFileTypes: true })
        .some((e) => /^\.s\.PGSQL\.\d+$/.test(e.name) && e.isSocket()),
      'a Unix socket in DATA_DIR/pg',
    );

    const next = launch(['start'], env);
    try {
      await until('the restarted server', () => health(port));
      assert.match(next.output.stderr, /adopting the embedded PostgreSQL left running by a stopped process/);
      // While it runs, a store command reuses its PostgreSQL instead of starting a second one.
      const listed = await cli(['token', 'list', '--json'], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stderr, /reusing the embedded PostgreSQL already running/);
    } finally {
      assert.equal(await stopGracefully(next), 0, next.output.stderr);
    }
    assert.deepEqual(
      processesUsing(path.join(dataDir, 'pg')),
      [],
      'the adopted PostgreSQL stopped with the service',
    );
  });

  test('a stale postmaster.pid (its process is gone) is removed and the server starts', async () => {
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    assert.ok(!fs.existsSync(pidFile));
    // A pid no process has: 2^22 is above Linux's default pid_max.
    fs.writeFileSync(pidFile, `4194304\n${path.join(dataDir, 'pg')}\n1700000000\n5999\n\n127.0.0.1\n`);
    const listed = await cli(['token', 'list', '--json'], {
      DATABASE_URL: undefined,
      TEST_ADMIN_DATABASE_URL: undefined,
      DATA_DIR: dataDir,
    });
    assert.equal(listed.code, 0, listed.stderr);
    assert.equal(JSON.parse(listed.stdout).length, 2);
    assert.deepEqual(processesUsing(path.join(dataDir, 'pg')), []);
  });

  test('a DATA_DIR whose pg directory holds something else fails with a clear message', async () => {
    const other = path.join(tmp, 'other');
    fs.mkdirSync(path.join(other, 'pg'), { recursive: true });
    fs.writeFileSync(path.join(other, 'pg', 'notes.txt'), 'not a cluster');
    const res = await cli(['migrate'], {
      DATABASE_URL: undefined,
      TEST_ADMIN_DATABASE_URL: undefined,
      DATA_DIR: other,
    });
    assert.equal(res.code, 1);
    assert.match(
      res.stderr,
      /is not empty but holds no PostgreSQL cluster; move it away or choose another DATA_DIR/,
    );
    assert.ok(!res.stderr.includes('    at '), 'no stack trace');
  });
});
