// One process at a time on an embedded database. PGlite is a single PostgreSQL
// backend with no shared-memory coordination: two processes writing one data folder
// would corrupt it. The first process takes `hyper.lock` in the folder (created with
// O_EXCL, holding its pid); a second one is refused with a message naming the
// holder. A lock whose pid is no longer running (a crash) is taken over.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../core/display-path';
import { OperationalError } from './errors';

export const LOCK_FILE = 'hyper.lock';

/** Takes the folder's lock (creating the folder); returns the function that gives it back. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return releaser(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readPid(file);
    if (holder === undefined) continue; // removed (or being written) meanwhile: try again
    if (holder === process.pid) {
      throw new OperationalError(
        `The embedded database in ${displayPath(dir)} is already open in this process; use one DATABASES alias for it.`,
      );
    }
    if (isRunning(holder)) {
      throw new OperationalError(
        `The embedded database in ${displayPath(dir)} is in use by another process (pid ${holder}); stop that process first, or use a PostgreSQL server (DATABASE_URL=postgres://...) to share one database between processes.`,
      );
    }
    takeOverStale(file, holder);
  }
  throw new OperationalError(`Could not take the lock ${displayPath(file)}; remove it if no process is using the database.`);
}

function releaser(file: string): () => void {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // Only our own lock: never delete one a later process took over.
    if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
  };
  // A process that ends without closing its connections still frees the folder.
  process.on('exit', release);
  return release;
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // running, as another user
  }
}

/**
 * Removes a dead process's lock. Renaming first (atomic) means that of two processes
 * racing for the same stale lock only one removes it; if what we moved aside turns
 * out to be a live process's fresh lock, it is put back.
 */
function takeOverStale(file: string, stalePid: number): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else got there first
  }
  if (readPid(aside) !== stalePid) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third process already locked: it keeps the lock.
    }
  }
  fs.rmSync(aside, { force: true });
}
