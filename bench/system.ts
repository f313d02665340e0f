/** The processes a bench run starts and measures: PostgreSQL, the service, child helpers; RSS from /proc. */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/store/embedded.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');

export interface BenchDatabase {
  url: string;
  /** 'embedded' or the server of DATABASE_URL. */
  kind: 'embedded' | 'external';
  /** The postmaster, when this run started it (its descendants are the PostgreSQL processes). */
  postmasterPid: number | undefined;
  drop(): Promise<void>;
}

/** A fresh database: a new database on DATABASE_URL's server, or an embedded server in a temporary dir. */
export async function openBenchDatabase(log: (m: string) => void): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const name = `hlbench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(external);
    url.pathname = `/${name}`;
    log(`database ${name} on ${url.host}`);
    return {
      url: url.toString(),
      kind: 'external',
      postmasterPid: undefined,
      async drop() {
        const c = new pg.Client({ connectionString: external });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-bench-pg-'));
  // Run as root, PostgreSQL runs as the postgres account, which must be able to enter the directory.
  fs.chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres(dir, { adopt: true, log });
  const pid = Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    url: server.url,
    kind: 'embedded',
    postmasterPid: pid,
    async drop() {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Resident set and its peak (bytes) of one process. */
export function rssOf(pid: number): { rss: number; peak: number } {
  return { rss: readStatus(pid, 'VmRSS'), peak: readStatus(pid, 'VmHWM') };
}

function processTable(): Array<{ pid: number; ppid: number; comm: string }> {
  const rows = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      rows.push({ pid: Number(entry), ppid, comm });
    } catch {
      // the process ended while we looked
    }
  }
  return rows;
}

function pssOf(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * PostgreSQL's memory: the postmaster and its descendants when known, else every process named postgres
 * on this machine. RSS counts shared buffers once per process that touched them; PSS splits them fairly.
 */
export function postgresMemory(postmasterPid: number | undefined) {
  const pids = postgresPids(postmasterPid);
  return {
    processes: pids.length,
    rss: pids.reduce((sum, pid) => sum + rssOf(pid).rss, 0),
    pss: pids.reduce((sum, pid) => sum + pssOf(pid), 0),
  };
}

/** The PostgreSQL processes: the postmaster's tree when known, else every process named postgres. */
function postgresPids(postmasterPid: number | undefined): number[] {
  const table = processTable();
  let pids: number[];
  if (postmasterPid !== undefined) {
    const tree = new Set([postmasterPid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const p of table) {
        if (!tree.has(p.pid) && tree.has(p.ppid)) {
          tree.add(p.pid);
          grew = true;
        }
      }
    }
    pids = [...tree];
  } else {
    pids = table.filter((p) => p.comm === 'postgres').map((p) => p.pid);
  }
  return pids;
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** What the child printed on stdout. */
  stdout(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `node <args>`, resolving once a line of its output matches `ready` (with that match). */
export function spawnNode(
  args: string[],
  options: { env?: Record<string, string>; ready: RegExp; timeoutMs?: number; name: string },
): Promise<{ child: Child; match: RegExpExecArray }> {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const child: Child = {
    process: proc,
    pid: proc.pid!,
    stdout: () => out,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${options.name} did not start in time:\n${err.slice(-2000)}`));
    }, options.timeoutMs ?? 60_000);
    const check = () => {
      const match = options.ready.exec(out) ?? options.ready.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      check();
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.length > 100_000) err = err.slice(-50_000);
      check();
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with ${code}:\n${err.slice(-2000)}`));
    });
  });
}

/** Runs `node <args>` to completion and returns its stdout (throws on a non-zero exit). */
export function runNode(args: string[], env: Record<string, string> = {}): Promise<string> {
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  proc.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`node ${args.join(' ')} exited ${code}:\n${err}`)),
    );
  });
}

/** The environment of a service process on `databaseUrl`: quiet logs, a free port. */
export function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEV_OUTBOX: 'true',
    // The bench measures the service, not its limits: one token and one address send it everything.
    RATE_LIMIT_BURST: '0',
    RATE_LIMIT_DAILY: '0',
    RATE_LIMIT_PUBLIC: '0',
    MAX_CONNECTIONS_PER_ADDRESS: '0',
    SEND_LIMIT_PER_HOUR: '0',
    DATA_DIR: path.join(os.tmpdir(), 'hl-bench-unused'),
    ...extra,
  };
}

/** `hl-invoices serve` (or `worker`) as a child process; resolves with its URL once it listens. */
export async function startService(
  databaseUrl: string,
  options: { env?: Record<string, string>; nodeArgs?: string[]; command?: string[] } = {},
) {
  const { child, match } = await spawnNode(
    [...(options.nodeArgs ?? []), 'bin/hl-invoices.js', ...(options.command ?? ['serve', '--no-workers'])],
    {
      env: serviceEnv(databaseUrl, options.env),
      ready: /listening on (http:\/\/\S+)|hl-invoices worker:/,
      name: 'hl-invoices',
    },
  );
  return { child, url: match[1] ?? '' };
}

export const MB = (bytes: number) => Math.round(bytes / 1024 / 1024);

const TICKS_PER_SECOND = 100;

/** withChildren: also the CPU of its children that have ended (how ended backends stay counted). */
function cpuTicks(pid: number, withChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of /proc/PID/stat (11-14 after the command name).
    const own = Number(fields[11]) + Number(fields[12]);
    return withChildren ? own + Number(fields[13]) + Number(fields[14]) : own;
  } catch {
    return 0;
  }
}

function machineTicks(): { busy: number; total: number } {
  const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const values = cpu!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** CPU time of the service, of PostgreSQL and of this process, and of the whole machine, since `start`. */
export function cpuMeter(servicePid: () => number | undefined, postmasterPid: number | undefined) {
  const read = () => {
    const service = servicePid();
    const pg = postgresPids(postmasterPid);
    return {
      at: performance.now(),
      service: service ? cpuTicks(service) : 0,
      postgres: pg.reduce((sum, pid) => sum + cpuTicks(pid, pid === postmasterPid), 0),
      bench: cpuTicks(process.pid),
      machine: machineTicks(),
    };
  };
  return {
    start() {
      const before = read();
      return () => {
        const after = read();
        const seconds = (after.at - before.at) / 1000;
        const cores = (ticks: number) => Number((ticks / TICKS_PER_SECOND / seconds).toFixed(2));
        return {
          serviceCores: cores(after.service - before.service),
          postgresCores: cores(after.postgres - before.postgres),
          loadGeneratorCores: cores(after.bench - before.bench),
          // CPU the machine spent outside the bench's processes: other work skews the figures.
          otherCores: Number(
            (
              ((after.machine.busy - before.machine.busy) / TICKS_PER_SECOND -
                (after.service -
                  before.service +
                  after.postgres -
                  before.postgres +
                  after.bench -
                  before.bench) /
                  TICKS_PER_SECOND) /
              seconds
            ).toFixed(2),
          ),
          machineBusy: Number(
            (
              (after.machine.busy - before.machine.busy) /
              Math.max(1, after.machine.total - before.machine.total)
            ).toFixed(2),
          ),
        };
      };
    },
  };
}

/** Background work of PostgreSQL that can stall requests: checkpoints and autovacuum, as counters. */
export async function backgroundWork(pool: pg.Pool) {
  const checkpoints = await pool
    .query<{ n: string }>('select num_timed + num_requested as n from pg_stat_checkpointer')
    .catch(() =>
      // PostgreSQL 16 and older keep the counters in pg_stat_bgwriter.
      pool.query<{ n: string }>('select checkpoints_timed + checkpoints_req as n from pg_stat_bgwriter'),
    );
  const vacuums = await pool.query<{ n: string }>(
    'select coalesce(sum(autovacuum_count + autoanalyze_count), 0) as n from pg_stat_all_tables',
  );
  const running = await pool.query<{ query: string }>(
    `select query from pg_stat_activity where backend_type = 'autovacuum worker' and query <> ''`,
  );
  return {
    checkpoints: Number(checkpoints.rows[0]!.n),
    autovacuums: Number(vacuums.rows[0]!.n),
    running: running.rows.map((r) => r.query),
  };
}

/**
 * Waits (up to `limitMs`) until no autovacuum worker runs, then checkpoints: the write bursts of one run
 * (the raw-SQL ceiling writes thousands of rows) should not be paid for by the next run.
 */
export async function settle(pool: pg.Pool, limitMs = 60_000) {
  const began = performance.now();
  const seen = new Set<string>();
  while (performance.now() - began < limitMs) {
    const work = await backgroundWork(pool);
    for (const q of work.running) seen.add(q);
    if (work.running.length === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await pool.query('checkpoint');
  return { waitedMs: Math.round(performance.now() - began), autovacuum: [...seen] };
}

/**
 * Waits until the machine is quiet (under `busyBelow` of its CPU for a second; between runs the bench's own
 * processes are idle), for at most `limitMs`: other jobs on a shared machine take cores from the runs.
 */
export async function waitForQuiet(
  limitMs: number,
  busyBelow = 0.15,
): Promise<{ waitedMs: number; quiet: boolean }> {
  const began = performance.now();
  for (;;) {
    const before = machineTicks();
    await new Promise((r) => setTimeout(r, 1000));
    const after = machineTicks();
    const busy = (after.busy - before.busy) / Math.max(1, after.total - before.total);
    const waitedMs = Math.round(performance.now() - began);
    if (busy < busyBelow) return { waitedMs, quiet: true };
    if (waitedMs >= limitMs) return { waitedMs, quiet: false };
  }
}

/**
 * What PostgreSQL's backends of the run's database are doing, sampled every `everyMs` (one connection of
 * `pool`): "wait_event_type:wait_event" for a backend that waits, "cpu" for one running, "idle in
 * transaction" for one waiting on the service. Used to say what a stall of a paced run was made of.
 */
export function sampleWaits(pool: pg.Pool, everyMs = 50) {
  const samples: Array<{ at: number; states: string[] }> = [];
  let running = true;
  const loop = (async () => {
    const client = await pool.connect();
    try {
      while (running) {
        const at = performance.now();
        const rows = await client.query<{ state: string; wait: string | null }>(
          `select state, wait_event_type || ':' || wait_event as wait from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
        );
        samples.push({
          at,
          states: rows.rows.map((r) => r.wait ?? (r.state === 'active' ? 'cpu' : r.state)),
        });
        await new Promise((r) => setTimeout(r, everyMs));
      }
    } finally {
      client.release();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** Counts of the sampled backend states between `from` and `to` (performance.now()), most frequent first. */
export function waitsBetween(samples: Array<{ at: number; states: string[] }>, from: number, to: number) {
  const counts = new Map<string, number>();
  let n = 0;
  for (const s of samples) {
    if (s.at < from || s.at > to) continue;
    n++;
    for (const state of s.states) counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4);
  return `${n} samples: ${top.map(([k, v]) => `${k} ${(v / Math.max(1, n)).toFixed(1)}`).join(', ') || 'no backend busy'}`;
}
