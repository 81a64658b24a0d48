// The preset's globalSetup, in jest's main process before any test file: the project
// set up from jest's rootDir, and its test databases made as `hyper test --noinput`
// makes them, one set per jest worker (a leftover of a crashed run is replaced).
import { setupProject } from '../../management/setup';
import { createTestDatabases } from '../test-databases';
import { JEST_DATABASES_ENV, TEARDOWN_KEY } from './shared';

interface JestGlobalConfig {
  maxWorkers: number;
}

interface JestProjectConfig {
  rootDir: string;
}

export = async function globalSetup(globalConfig: JestGlobalConfig, projectConfig: JestProjectConfig): Promise<void> {
  await setupProject({ cwd: projectConfig.rootDir });
  const databases = await createTestDatabases({
    workers: Math.max(1, globalConfig.maxWorkers),
    keepdb: false,
    noinput: true,
    verbosity: 0,
    log: () => undefined,
    // Each test file has a module registry, so an embedded database, of its own: migrated once here.
    migrateEmbeddedOnce: true,
  });
  process.env[JEST_DATABASES_ENV] = JSON.stringify(databases.workers);
  (globalThis as Record<symbol, unknown>)[TEARDOWN_KEY] = databases;
};
