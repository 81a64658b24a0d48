'use strict';
// Two projects: `unit`, the in-process suites (the PostgreSQL and PGlite ones
// included): `npm run test:unit`; and `e2e`, the suites that drive bin/hyper.js or
// hold sockets open for seconds: `npm run test:e2e`. `npm test` runs both.

// The e2e project's suites, relative to test/.
const E2E = [
  'e2e/**/*.test.ts',
  'auth/cli.test.ts',
  'sessions/cli.test.ts',
  'static/collectstatic-cli.test.ts',
  'static/serve-e2e.test.ts',
  'migrations/migrate-concurrent.test.ts',
  'server/streaming.test.ts',
  'server/workers.test.ts',
  'security/slow-readers.test.ts',
  'security/graceful-stop.test.ts',
  'core/package-contents.test.ts',
  'mail/sendtestemail-cli.test.ts',
  'mail/test-runner-outbox.test.ts',
];
const inTest = (glob) => `<rootDir>/test/${glob}`;

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': '<rootDir>/test/support/esbuild-transform.js' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/[^/]+/fixtures/'],
  setupFiles: ['<rootDir>/test/support/verify-sql-cache.js'],
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 60000,
  projects: [
    // Jest has no "all but these" globs: the unit project names what the e2e one takes as negations.
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.test.ts', ...E2E.map((glob) => `!**/test/${glob}`)] },
    { ...shared, displayName: 'e2e', testMatch: E2E.map(inTest) },
  ],
};
