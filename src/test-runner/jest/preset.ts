// The jest preset of a project (`preset: 'hyperdjango'` in jest.config.js): TypeScript
// through the framework's own transform, the test files `hyper test` runs, and test
// databases made before the run (global-setup.ts), one set per jest worker, each test
// file set up on its worker's (setup.ts) and dropped after the run.
import * as path from 'node:path';

export = {
  testEnvironment: 'node',
  transform: { '\\.(ts|tsx|mts|cts)$': path.join(__dirname, 'transform.js') },
  testMatch: ['**/tests/**/*.test.ts', '**/tests.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/\\.hyper/'],
  globalSetup: path.join(__dirname, 'global-setup.js'),
  globalTeardown: path.join(__dirname, 'global-teardown.js'),
  setupFilesAfterEnv: [path.join(__dirname, 'setup.js')],
};
