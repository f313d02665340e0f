/**
 * `npm test`: runs every test file with node's test runner against one PostgreSQL server.
 * Without DATABASE_URL it starts an embedded server in a temporary directory and removes it after;
 * with DATABASE_URL it uses that server. Each test file makes (and drops) its own database there.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/store/embedded.ts';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const args = process.argv.slice(2);
const files =
  args.length > 0
    ? args
    : fs
        .readdirSync(path.join(root, 'test'), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.test.ts'))
        .sort()
        .map((f) => path.join('test', f));

let stop = async () => {};
let adminUrl = process.env.DATABASE_URL;
let tmp: string | undefined;
if (!adminUrl) {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-invoices-test-'));
  fs.chmodSync(tmp, 0o755);
  const server = await startEmbeddedPostgres(tmp, { adopt: true });
  adminUrl = server.url;
  stop = server.stop;
  console.log(`# tests on an embedded PostgreSQL under ${tmp}`);
} else {
  console.log('# tests on the PostgreSQL in DATABASE_URL');
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TEST_ADMIN_DATABASE_URL: adminUrl },
  },
);
const code: number = await new Promise((resolve) =>
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))),
);
await stop();
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
process.exit(code);
