// The preset's setupFilesAfterEnv, run in each test file's sandbox before the file:
// the project set up (settings found from the test file's folder, apps and models
// loaded) on this jest worker's test databases, connected before the first test (an
// embedded one takes seconds to start) and closed after the last.
import * as path from 'node:path';
import { overrideSettingValues, setupSettings } from '../../conf/settings';
import { connections } from '../../db/connection-handler';
import { clearOutbox } from '../../mail/backends/locmem';
import { setupProject } from '../../management/setup';
import { workerDatabases } from './shared';

interface JestGlobals {
  beforeAll(fn: () => Promise<unknown>, timeout?: number): void;
  beforeEach(fn: () => void): void;
  afterAll(fn: () => Promise<unknown>, timeout?: number): void;
  expect: { getState(): { testPath: string } };
}

// jest answers this name itself, also under `injectGlobals: false`.
// eslint-disable-next-line @typescript-eslint/unbound-method -- jest's globals are plain functions, not methods
const { beforeAll, beforeEach, afterAll, expect } = require('@jest/globals') as JestGlobals;
const STARTUP_TIMEOUT = 120_000;
const mine = workerDatabases();
const testFile = expect.getState().testPath;
setupSettings({ cwd: path.dirname(testFile) });
// As Django's setup_test_environment: mail goes to the locmem outbox (emptied before each test), never out.
overrideSettingValues({ DATABASES: mine.databases, EMAIL_BACKEND: 'locmem' });
if (Object.keys(mine.starts).length) {
  const { startMemoryDatabaseFrom } = require('../../db/pglite-connection') as typeof import('../../db/pglite-connection');
  for (const [alias, tarball] of Object.entries(mine.starts)) startMemoryDatabaseFrom(alias, tarball);
}
// Models are imported now, synchronously, before the test file imports them; the apps' ready() hooks finish in beforeAll.
const ready = setupProject();

beforeAll(async () => {
  await ready;
  for (const alias of Object.keys(mine.databases)) await connections.get(alias).execute({ sql: 'SELECT 1', parameters: [] });
}, STARTUP_TIMEOUT);

beforeEach(clearOutbox);
afterAll(() => connections.closeAll());
