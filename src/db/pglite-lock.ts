// Who owns an embedded database folder. PGlite is a single PostgreSQL backend with no
// shared-memory coordination: two processes writing one data folder would corrupt it.
// The first process takes `hyper.lock` in the folder (created with O_EXCL) and serves
// the database to the others (pglite-server.ts); the file says who it is and where it
// listens:
//
//   <pid>
//   <start identity: boot id and start time, when the system tells them>
//   <address: unix:/path/.s.PGSQL.5432 or tcp:127.0.0.1:port, once serving>
//
// A pid alone does not identify a process: after a crash its pid may belong to an
// unrelated process, and a container restarted after a kill usually gives the new
// process the same pid. So, like PostgreSQL's postmaster.pid, the owner is taken to be
// alive only when a process with that pid runs *and* started when the file says (or,
// where start times are unknown, is not this process, its parent or its grandparent).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../core/display-path';
import { OperationalError } from './errors';

export const LOCK_FILE = 'hyper.lock';

export interface OwnerRecord {
  pid: number;
  /** `<boot id>:<start time>` of the owner, or undefined where the system does not say. */
  identity?: string;
  /** Where the owner serves the database, once it does. */
  address?: string;
}

export interface DataDirLock {
  /** Records where this process serves the database, for the others to find. */
  publish(address: string): void;
  release(): void;
}

/** What a process may do with a folder: own it, or use the live owner's. */
export type Claim = { lock: DataDirLock; owner?: undefined } | { lock?: undefined; owner: OwnerRecord };

// The folders this process holds, shared by every copy of this module in the process
// (a bundled and an installed copy, test module registries), so a second open is
// recognised as ours whatever loaded it.
const HELD_KEY = Symbol.for('hyperdjango.db.pglite-held');
const held: Set<string> = ((globalThis as Record<symbol, unknown>)[HELD_KEY] ??= new Set<string>()) as Set<string>;

/**
 * Takes the folder's lock (creating the folder), or names its live owner. Throws when
 * this process already holds it.
 */
export function claimDataDir(dir: string): Claim {
  fs.mkdirSync(dir, { recursive: true });
  const key = path.resolve(dir);
  if (held.has(key)) throw alreadyOpen(dir);
  const file = path.join(dir, LOCK_FILE);
  const identity = processIdentity(process.pid);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, format({ pid: process.pid, identity }), { flag: 'wx' });
      held.add(key);
      return { lock: holder(file, key, identity) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(file);
    if (owner === undefined) continue; // removed (or being written) meanwhile: try again
    if (isAlive(owner)) return { owner };
    takeOverStale(file, owner);
  }
  throw new OperationalError(`Could not take the lock ${displayPath(file)}; remove it if no process is using the database.`, { code: 'HYPER_DB_EMBEDDED_LOCK' });
}

/** Takes the folder's lock or throws, naming the process that holds it; returns the function that gives it back. */
export function lockDataDir(dir: string): () => void {
  const claim = claimDataDir(dir);
  if (claim.owner) throw inUse(dir, claim.owner.pid);
  return () => claim.lock.release();
}

export function inUse(dir: string, pid: number): OperationalError {
  return new OperationalError(
    `The embedded database in ${displayPath(dir)} is in use by another process (pid ${pid}), which does not share it; stop that process first, or use a PostgreSQL server (DATABASE_URL=postgres://...) to share one database between processes.`,
    { code: 'HYPER_DB_EMBEDDED_IN_USE' },
  );
}

function alreadyOpen(dir: string): OperationalError {
  return new OperationalError(`The embedded database in ${displayPath(dir)} is already open in this process; use one DATABASES alias for it.`, { code: 'HYPER_DB_EMBEDDED_ALREADY_OPEN' });
}

function holder(file: string, key: string, identity: string | undefined): DataDirLock {
  let released = false;
  const mine = (record: OwnerRecord | undefined) => record?.pid === process.pid && record.identity === identity;
  const release = () => {
    if (released) return;
    released = true;
    held.delete(key);
    process.removeListener('exit', release);
    // Only our own lock: never delete one a later process took over.
    if (mine(readOwner(file))) fs.rmSync(file, { force: true });
  };
  // A process that ends without closing its connections still frees the folder.
  process.on('exit', release);
  return {
    publish(address) {
      if (released || !mine(readOwner(file))) return;
      // Written aside and renamed over: a reader sees the old record or the new, never half.
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, format({ pid: process.pid, identity, address }));
      fs.renameSync(temporary, file);
    },
    release,
  };
}

function format(record: OwnerRecord): string {
  return `${record.pid}\n${record.identity ?? ''}\n${record.address ?? ''}\n`;
}

export function readOwner(file: string): OwnerRecord | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const [pidLine = '', identity = '', address = ''] = text.split('\n');
  const pid = Number.parseInt(pidLine, 10);
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { pid, identity: identity.trim() || undefined, address: address.trim() || undefined };
}

/** Whether the process that wrote `record` still runs. */
export function isAlive(record: OwnerRecord): boolean {
  // Not in `held` (checked first), so a record with our own pid is a previous process's.
  if (record.pid === process.pid) return false;
  if (!isRunning(record.pid)) return false;
  const now = processIdentity(record.pid);
  if (record.identity !== undefined && now !== undefined) return now === record.identity;
  // Start times unknown: PostgreSQL's rule for a restarted container, whose new
  // processes reuse the old pids: our parent and grandparent never own it.
  return record.pid !== process.ppid && record.pid !== parentOf(process.ppid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // running, as another user
  }
}

let bootId: string | undefined;

/** `<boot id>:<start time>` of a process: with its pid, this names one process for good. */
export function processIdentity(pid: number): string | undefined {
  const stat = procStat(pid);
  if (stat) {
    bootId ??= readText('/proc/sys/kernel/random/boot_id') ?? 'boot';
    return `${bootId}:${stat[19]}`; // field 22, starttime (in clock ticks since boot)
  }
  if (process.platform === 'win32') return undefined;
  const started = ps(pid, 'lstart');
  return started ? `ps:${started}` : undefined;
}

function parentOf(pid: number): number | undefined {
  const stat = procStat(pid);
  const parent = stat ? stat[1] : ps(pid, 'ppid');
  const number = Number(parent);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function procStat(pid: number): string[] | undefined {
  const text = readText(`/proc/${pid}/stat`);
  if (!text) return undefined;
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

function ps(pid: number, field: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const result = spawnSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
  const value = result.status === 0 ? result.stdout.trim() : '';
  return value || undefined;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Removes a dead process's lock. Renaming first (atomic) means that of two processes
 * racing for the same stale lock only one removes it; if what we moved aside turns
 * out to be a live process's fresh lock, it is put back.
 */
function takeOverStale(file: string, stale: OwnerRecord): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else got there first
  }
  const moved = readOwner(aside);
  if (moved?.pid !== stale.pid || moved.identity !== stale.identity) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third process already locked: it keeps the lock.
    }
  }
  fs.rmSync(aside, { force: true });
}
