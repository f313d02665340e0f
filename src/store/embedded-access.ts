/**
 * Run as root, the embedded PostgreSQL runs as the unprivileged `postgres` user (PostgreSQL refuses root),
 * which must be able to enter every directory on the way to DATA_DIR. A DATA_DIR under a directory only
 * root can enter (`mktemp -d` makes them mode 0700) otherwise fails deep inside initdb with "could not
 * access directory ... Permission denied"; this finds the directory in the way first, so the error can
 * name it and say what to do. Permissions are only read, never widened (docs/decisions.md, Hostile input).
 */
import fs from 'node:fs';
import path from 'node:path';

/** The account PostgreSQL runs as: uid undefined when it does not exist yet (the library creates it). */
export interface PostgresAccount {
  name: string;
  uid?: number;
  gid?: number;
}

/** Whether `account` may search (enter) a directory with these owner, group and mode bits. */
function maySearch(stat: fs.Stats, account: PostgresAccount): boolean {
  // initdb and postgres are spawned with the account's uid and primary gid only (no supplementary groups).
  if (stat.uid === account.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === account.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/** `target` and every directory above it, outermost first. */
function pathToRoot(target: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (path.dirname(dir) === dir) return dirs;
  }
}

/** The outermost existing directory on the way to `target` (inclusive) that `account` cannot enter. */
export function firstUnreachableDirectory(target: string, account: PostgresAccount): string | undefined {
  for (const dir of pathToRoot(target)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch {
      return undefined;
    }
    if (stat.isDirectory() && !maySearch(stat, account)) return dir;
  }
  return undefined;
}

const describe = (account: PostgresAccount) =>
  account.uid === undefined
    ? `the ${account.name} user (created on first start)`
    : `the ${account.name} user (uid ${account.uid})`;

/** `subject` (e.g. "DATA_DIR /x") at `target` is in `blocked`'s way: which, and who cannot enter it. */
function whereBlocked(subject: string, target: string, blocked: string, account: PostgresAccount) {
  return blocked === path.resolve(target)
    ? `${subject} cannot be entered by ${describe(account)}`
    : `${subject} is inside ${blocked}, which ${describe(account)} cannot enter`;
}

/** What to tell the operator when the account cannot reach DATA_DIR, or undefined when it can. */
export function unreachableDataDirProblem(dataDir: string, account: PostgresAccount): string | undefined {
  const blocked = firstUnreachableDirectory(dataDir, account);
  if (blocked === undefined) return undefined;
  return (
    `${whereBlocked(`DATA_DIR ${path.resolve(dataDir)}`, dataDir, blocked, account)}; run as root, the ` +
    `embedded PostgreSQL runs as that user. Choose a DATA_DIR it can reach (e.g. /var/lib/hl-invoices), ` +
    `run chmod o+x ${blocked}, or set DATABASE_URL to a PostgreSQL server of your own`
  );
}

/** The same for the directory holding initdb and postgres (installed under a root-only home, say). */
export function unreachableProgramsProblem(binDir: string, account: PostgresAccount): string | undefined {
  const blocked = firstUnreachableDirectory(binDir, account);
  if (blocked === undefined) return undefined;
  return (
    `${whereBlocked(`the embedded PostgreSQL's program directory ${path.resolve(binDir)}`, binDir, blocked, account)}; ` +
    'run as root, PostgreSQL runs as that user. Install hl-invoices where it can reach them, ' +
    `run chmod o+x ${blocked}, or set DATABASE_URL to a PostgreSQL server of your own`
  );
}
