// Starting files for the in-memory test databases of the embedded backend (PGlite).
// A new PGlite runs initdb, which takes seconds (tens of seconds on a busy machine);
// loading a tarball of the files it made takes a fraction of that. So:
//
//   - the initdb'd files are made once per PGlite version and kept in the project's
//     .hyper/test/ (they depend on nothing else);
//   - the migrated files are kept there too, named for what they were made from (the
//     apps' migrations and models files, the PGlite and framework versions): a run
//     whose files are unchanged starts every worker from them and migrates nothing;
//   - otherwise, with several worker processes, the runner migrates a database made
//     from the empty files once and the workers start from its files; a single
//     worker migrates its own and keeps its files for the next run (cheaper than
//     making the files here and loading them again).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apps } from '../apps/registry';
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
    await keepDatabaseFiles(connection, alias, file);
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

/**
 * Where the migrated files of `alias` are kept: named for a digest of every installed
 * app's migrations and models files (post-migrate handlers write rows from the models,
 * such as permissions), the PGlite version and the framework's. A file of the same
 * alias with another digest is stale.
 */
export function migratedFilesPath(cacheDir: string, alias: string): string {
  const hash = createHash('sha256').update(`${pgliteVersion()}\0${frameworkVersion()}\0${alias}\0`);
  for (const config of apps.getAppConfigs()) {
    hash.update(`app ${config.label}\0`);
    for (const file of sourceFiles(config.path)) hash.update(`${path.relative(config.path, file)}\0`).update(fs.readFileSync(file)).update('\0');
  }
  return path.join(cacheDir, `migrated-${alias}-${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

/** Writes the files of the alias's open in-memory database to `file`, removing the alias's stale ones beside it. */
export async function keepDatabaseFiles(connection: PGliteConnection, alias: string, file: string): Promise<void> {
  writeAtomically(file, await connection.dumpDataDir());
  const prefix = `migrated-${alias}-`;
  for (const name of fs.readdirSync(path.dirname(file))) {
    if (name.startsWith(prefix) && name.endsWith('.tar.gz') && name !== path.basename(file)) fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

/** An app's migrations and its models module (a file or a folder), sorted. */
function sourceFiles(appPath: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(ts|js|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(file);
    }
  };
  walk(path.join(appPath, 'migrations'));
  walk(path.join(appPath, 'models'));
  for (const name of ['models.ts', 'models.js', 'models.mts', 'models.cts']) if (fs.existsSync(path.join(appPath, name))) found.push(path.join(appPath, name));
  return found;
}

function frameworkVersion(): string {
  // From src/ (jest) or dist/src/ (the CLI), the package's root is a few folders up.
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const { name, version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (name === 'hyperdjango') return String(version);
  }
  return 'unknown';
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
