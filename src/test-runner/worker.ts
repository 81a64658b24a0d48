// One test process of `hyper test`: the project set up on the test databases (the
// embedded ones migrated here, in memory), then the test files loaded. node:test runs
// what they declare, with each exported test case class declared from its methods;
// the reporter (reporter.ts) sends the results to the runner.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { after } from 'node:test';
import { overrideSettingValues, setupSettings } from '../conf/settings';
import { setupProject } from '../management/setup';
import { callCommand } from '../management/call-command';
import { connections } from '../db/connection-handler';
import type { PGliteConnection } from '../db/pglite-connection';
import { isTestCaseClass, registerTestCase } from '../test-client/test-case';
import { isSelected } from './discovery';
import { EVENTS_FD, WORKER_ENV, type WorkerConfig, type WorkerEvent } from './events';
import { describeFailure } from './failure';
import { suiteFiles } from './suite-files';

function send(event: WorkerEvent): void {
  fs.writeSync(EVENTS_FD, `${JSON.stringify(event)}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env[WORKER_ENV] ?? '{}') as WorkerConfig;
  const started = performance.now();
  try {
    setupSettings({ flag: config.settings });
    // As Django's setup_test_environment: mail goes to the locmem outbox, never out.
    overrideSettingValues({ DATABASES: config.databases.databases, EMAIL_BACKEND: 'locmem' });
    startEmbeddedDatabasesFrom(config.databases.starts);
    await setupProject();
    for (const alias of config.databases.migrate) await callCommand('migrate', { database: alias, noinput: true, verbosity: 0 });
    await keepMigratedFiles(config.databases.keep);
  } catch (error) {
    send({ type: 'setup-failed', message: describeFailure(error).message });
    process.exitCode = 1;
    return;
  }
  send({ type: 'ready', ms: performance.now() - started });
  const pattern = config.pattern === undefined ? undefined : new RegExp(config.pattern);
  const registered = new Set<unknown>();
  const declared = countingDeclarations(() => loadFiles(config, pattern, registered));
  // The databases are closed once the last test is done: an embedded one (PostgreSQL
  // in WASM) keeps a timer of PostgreSQL's armed for up to 10 s after its last query,
  // which held every run's end back that long. With nothing declared, node:test would
  // run its after() hooks only once the process is idle, so they are closed at once.
  const close = () => connections.reset().catch(() => undefined);
  if (declared()) after(close);
  else void close();
}

function loadFiles(config: WorkerConfig, pattern: RegExp | undefined, registered: Set<unknown>): void {
  for (const file of config.files) {
    const names = config.names[file];
    let exports: Record<string, unknown>;
    try {
      exports = names ? withoutFunctionTests(() => require(file)) : (require(file) as Record<string, unknown>);
    } catch (error) {
      send({ type: 'fail', file, name: '(loading the file)', ms: 0, error: describeFailure(error) });
      continue;
    }
    for (const value of Object.values(exports ?? {})) {
      if (!isTestCaseClass(value) || registered.has(value)) continue;
      registered.add(value);
      suiteFiles.set(value.name, file);
      registerTestCase(value, undefined, (method) => isSelected(value.name, method, names, pattern));
    }
  }
}

/** Runs `load` counting the tests and suites it declares on node:test (a class's describe() included); returns the count's reader. */
function countingDeclarations(load: () => void): () => number {
  const api = require('node:test') as Record<string, unknown>;
  const saved = FUNCTION_STYLE.map((name) => api[name]);
  let count = 0;
  FUNCTION_STYLE.forEach((name, index) => {
    const original = saved[index] as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') return;
    api[name] = Object.assign((...args: unknown[]) => {
      count++;
      return original(...args);
    }, original);
  });
  try {
    load();
  } finally {
    FUNCTION_STYLE.forEach((name, index) => (api[name] = saved[index]));
  }
  return () => count;
}

/** The files of the databases this worker migrated, kept for the next run (which then migrates nothing). */
async function keepMigratedFiles(keep: Record<string, string> = {}): Promise<void> {
  if (!Object.keys(keep).length) return;
  const { keepDatabaseFiles } = require('./pglite-snapshots') as typeof import('./pglite-snapshots');
  // Only a saving: a run whose files cannot be written (a read-only checkout) migrates again next time.
  for (const [alias, file] of Object.entries(keep)) await keepDatabaseFiles(connections.internal(alias) as PGliteConnection, alias, file).catch(() => undefined);
}

function startEmbeddedDatabasesFrom(starts: Record<string, string>): void {
  if (!Object.keys(starts).length) return;
  // Required only then: a run on a server never loads the embedded backend.
  const { startMemoryDatabaseFrom } = require('../db/pglite-connection') as typeof import('../db/pglite-connection');
  for (const [alias, tarball] of Object.entries(starts)) startMemoryDatabaseFrom(alias, tarball);
}

const FUNCTION_STYLE = ['test', 'it', 'describe', 'suite'] as const;

/**
 * Loads a file of which only some classes run (a 'blog.PostTests' label): its
 * function-style tests, declared while it loads, are left out. node:test's own
 * --test-name-pattern cannot say "this class only" (it matches names at every level).
 */
function withoutFunctionTests(load: () => unknown): Record<string, unknown> {
  const api = require('node:test') as Record<string, unknown>;
  const saved = FUNCTION_STYLE.map((name) => api[name]);
  const skip = Object.assign(() => Promise.resolve(), { skip: () => Promise.resolve(), todo: () => Promise.resolve(), only: () => Promise.resolve() });
  for (const name of FUNCTION_STYLE) api[name] = skip;
  try {
    return load() as Record<string, unknown>;
  } finally {
    FUNCTION_STYLE.forEach((name, index) => (api[name] = saved[index]));
  }
}

// Only as a process's entry point: importing this module runs nothing.
if (require.main === module) void main();
