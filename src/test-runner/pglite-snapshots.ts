// Starting files for the in-memory test databases of the embedded backend (PGlite).
// A new PGlite runs initdb, which takes seconds (tens of seconds on a busy machine);
// loading a tarball of the files it made takes a fraction of that. So:
//
//   - the initdb'd files are made once per PGlite version and kept in the project's
//     .hyper/test/ (they depend on nothing else);
//   - with several worker processes, the runner migrates a database made from them
//     once and the workers start from its files; a single worker migrates its own
//     (cheaper than making the files and loading them again).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { overrideSettingValues } from '../conf/settings';
import { connections } from '../db/connection-handler';
import { startMemoryDatabaseFrom, type PGliteConnection } from '../db/pglite-connection';
import { callCommand } from '../management/call-command';

/** The initdb'd files of an empty database for the installed PGlite: made if missing (`onMake` is told), kept across runs. */
export async function emptyDatabaseFiles(cacheDir: string, onMake: (file: string) => void = () => undefined): Promise<string> {
  const file = path.join(cacheDir, `pglite-${pgliteVersion()}.tar.gz`);
  if (fs.existsSync(file)) return file;
  onMake(file);
  await withMemoryDatabase('default', undefined, async (connection) => writeAtomically(file, await connection.dumpDataDir()));
  return file;
}

/** The files of a database started from `start` with the alias's migrations applied, written to `file`. */
export async function migratedDatabaseFiles(alias: string, start: string, file: string): Promise<void> {
  await withMemoryDatabase(alias, start, async (connection) => {
    await callCommand('migrate', { database: alias, noinput: true, verbosity: 0 });
    writeAtomically(file, await connection.dumpDataDir());
  });
}

/** Runs `fn` on an in-memory database of its own under `alias` (the only alias meanwhile), closed after. */
async function withMemoryDatabase(alias: string, start: string | undefined, fn: (connection: PGliteConnection) => Promise<void>): Promise<void> {
  const restore = overrideSettingValues({ DATABASES: { [alias]: 'pglite:memory:' } });
  startMemoryDatabaseFrom(alias, start);
  try {
    await connections.reset();
    await fn(connections.internal(alias) as PGliteConnection);
  } finally {
    await connections.reset();
    startMemoryDatabaseFrom(alias, undefined);
    restore();
  }
}

/** Written beside and renamed, so a run killed half-way, or another run at once, never leaves half a file. */
function writeAtomically(file: string, content: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, content);
  fs.renameSync(partial, file);
}

function pgliteVersion(): string {
  // The package exports no package.json: found from its entry point, up.
  const entry = require.resolve('@electric-sql/pglite');
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (name === '@electric-sql/pglite' && version) return version;
  }
  return `build-${Math.round(fs.statSync(entry).mtimeMs)}`;
}
