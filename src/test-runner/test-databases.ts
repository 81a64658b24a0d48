// The databases a test run uses, made before any test module loads: on a PostgreSQL
// server `test_<name>` (or DATABASES[alias].TEST.NAME), created and migrated once, one
// copy per extra worker, dropped at the end unless --keepdb; on the embedded backend
// an in-memory PGlite per worker, started from files kept across runs (pglite-snapshots.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import prompts from 'prompts';
import { Client } from 'pg';
import { connections } from '../db/connection-handler';
import { databaseName, type DatabaseConfig } from '../db/config';
import { overrideSettingValues, settings } from '../conf/settings';
import { callCommand } from '../management/call-command';
import { CommandError, NeedsInputError } from '../management/errors';

export interface TestDatabaseOptions {
  workers: number;
  keepdb: boolean;
  noinput: boolean;
  verbosity: number;
  log(line: string): void;
  /** Migrate the embedded databases here even for one worker, which then starts each of its databases from their files (jest: one per test file). */
  migrateEmbeddedOnce?: boolean;
}

/** What one worker gets: its DATABASES, the files its in-memory databases start from, and the aliases it must migrate itself. */
export interface WorkerDatabases {
  databases: Record<string, string>;
  starts: Record<string, string>;
  migrate: string[];
  /** Where to keep the files of an alias it migrated, for the next run. */
  keep: Record<string, string>;
}

export interface TestDatabases {
  workers: WorkerDatabases[];
  /** Drops what was created (unless keepdb); safe to call twice. */
  destroy(): Promise<void>;
}

interface ServerDatabase {
  config: DatabaseConfig;
  names: string[];
}

/** The test database name for a server alias: TEST.NAME, else 'test_' + its name. */
export function testDatabaseName(config: DatabaseConfig): string {
  if (config.testName) return config.testName;
  const name = databaseName(new URL(config.url!));
  if (!name) throw new CommandError(`DATABASES['${config.alias}'] names no database; give it one, or set TEST: { NAME: 'test_...' }.`);
  return `test_${name}`;
}

export async function createTestDatabases(options: TestDatabaseOptions): Promise<TestDatabases> {
  const workers: WorkerDatabases[] = Array.from({ length: options.workers }, () => ({ databases: {}, starts: {}, migrate: [], keep: {} }));
  const servers: ServerDatabase[] = [];
  const destroy = async () => {
    await connections.reset();
    if (options.keepdb) return;
    const pending = servers.splice(0);
    for (const server of pending) {
      for (const name of server.names) await onServer(server.config, (client) => client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`)).catch(() => undefined);
    }
  };
  try {
    const testUrls: Record<string, string> = {};
    const embedded: string[] = [];
    for (const alias of connections.aliases()) {
      const config = connections.config(alias);
      if (config.kind === 'pglite') {
        embedded.push(alias);
        continue;
      }
      const name = testDatabaseName(config);
      const server: ServerDatabase = { config, names: [] };
      servers.push(server);
      const existed = await createDatabase(config, name, options);
      server.names.push(name);
      testUrls[alias] = withDatabase(config.url!, name);
      if (options.verbosity >= 1) options.log(`${existed && options.keepdb ? 'Using existing' : 'Creating'} test database for alias '${alias}' (${name})...`);
    }
    // Migrated once here; the workers' copies are made from it.
    if (Object.keys(testUrls).length) {
      const restore = overrideSettingValues({ DATABASES: testUrls });
      try {
        await connections.reset();
        for (const alias of Object.keys(testUrls)) await callCommand('migrate', { database: alias, noinput: true, verbosity: 0 });
      } finally {
        await connections.reset();
        restore();
      }
    }
    for (const server of servers) {
      const base = server.names[0];
      const alias = server.config.alias;
      workers[0].databases[alias] = testUrls[alias];
      for (let index = 1; index < workers.length; index++) {
        const clone = `${base}_${index + 1}`;
        await onServer(server.config, async (client) => {
          await client.query(`DROP DATABASE IF EXISTS ${quote(clone)} WITH (FORCE)`);
          await client.query(`CREATE DATABASE ${quote(clone)} TEMPLATE ${quote(base)}`);
        });
        server.names.push(clone);
        workers[index].databases[alias] = withDatabase(server.config.url!, clone);
      }
    }
    if (embedded.length) await prepareEmbedded(embedded, workers, options);
  } catch (error) {
    await destroy();
    throw error;
  }
  return { workers, destroy };
}

/**
 * Each worker's in-memory databases start from files: those migrated by an earlier run
 * when its migrations and models are unchanged; else, with one worker, the empty
 * database's, which it migrates and keeps; with more (or migrateEmbeddedOnce), a
 * database migrated here once.
 */
async function prepareEmbedded(aliases: string[], workers: WorkerDatabases[], options: TestDatabaseOptions): Promise<void> {
  const snapshots = require('./pglite-snapshots') as typeof import('./pglite-snapshots');
  const cacheDir = path.join(String(settings.BASE_DIR), '.hyper', 'test');
  const empty = await snapshots.emptyDatabaseFiles(cacheDir, () => {
    if (options.verbosity >= 1) options.log('Preparing the files of an empty embedded database (once per PGlite version)...');
  });
  const migrateHere = workers.length > 1 || Boolean(options.migrateEmbeddedOnce);
  for (const alias of aliases) {
    const migrated = snapshots.migratedFilesPath(cacheDir, alias);
    const cached = fs.existsSync(migrated);
    if (!cached && migrateHere) await snapshots.migratedDatabaseFiles(alias, empty, migrated);
    for (const worker of workers) {
      worker.databases[alias] = 'pglite:memory:';
      worker.starts[alias] = cached || migrateHere ? migrated : empty;
      if (cached || migrateHere) continue;
      worker.migrate.push(alias);
      worker.keep[alias] = migrated;
    }
  }
}

/** Creates `name`; a leftover of an earlier run is kept (--keepdb) or replaced, after asking unless --noinput. Returns whether it existed. */
async function createDatabase(config: DatabaseConfig, name: string, options: TestDatabaseOptions): Promise<boolean> {
  return onServer(config, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) {
      if (options.keepdb) return true;
      if (!options.noinput) await confirmDrop(name);
      await client.query(`DROP DATABASE ${quote(name)} WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE ${quote(name)}`);
    return Boolean(rowCount);
  });
}

async function confirmDrop(name: string): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new NeedsInputError(`The test database '${name}' already exists (left by an earlier run?); run with --noinput to replace it, or --keepdb to reuse it.`);
  }
  const { answer } = await prompts({ type: 'confirm', name: 'answer', message: `The test database '${name}' already exists. Delete it and create a new one?`, initial: false });
  if (!answer) throw new CommandError('Tests cancelled: the test database was kept.');
}

/** Runs `fn` on the server's maintenance database (postgres), where databases are created and dropped. */
async function onServer<T>(config: DatabaseConfig, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(config.url!, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
