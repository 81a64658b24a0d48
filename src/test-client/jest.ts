// hyperdjango/test/jest: Django-style test case classes in files that jest runs.
//
//   export class PostTests extends TestCase { async testTitle() { ... } }
//   runTestCase(PostTests);   // not needed under the preset: it runs what test files export
//
// Each class becomes a describe() block and each `test*` method a test() in it, with
// the same isolation as under `hyper test` (setUpTestData and fixtures in beforeAll,
// every test rolled back). The test databases come from the preset
// (`preset: 'hyperdjango'`, src/test-runner/jest/), or from the project's own set-up.
import { ImproperlyConfigured } from '../core/errors';
import { isTestCaseClass, registerTestCase, type TestCaseClass } from './test-case';

type Hook = (fn: () => Promise<void>, timeout?: number) => unknown;

/** jest's functions (or vitest's: the same names), when they are not globals (`injectGlobals: false`, `@jest/globals`). */
export interface JestApi {
  describe(name: string, fn: () => void): unknown;
  test(name: string, fn: () => Promise<void>, timeout?: number): unknown;
  beforeAll: Hook;
  afterAll: Hook;
}

// Jest loads each test file with modules of its own: this set is the file's.
const registered = new WeakSet<TestCaseClass>();

/** Declares the tests of each class as jest tests (once per class): by default on jest's globals, else on the functions given. */
export function runTestCase(classes: TestCaseClass | readonly TestCaseClass[], api: JestApi = jestGlobals()): void {
  for (const cls of Array.isArray(classes) ? classes : [classes as TestCaseClass]) {
    if (registered.has(cls)) continue;
    registered.add(cls);
    // eslint-disable-next-line @typescript-eslint/unbound-method -- jest's globals are plain functions, not methods
    registerTestCase(cls, { describe: api.describe, test: api.test, before: api.beforeAll, after: api.afterAll });
  }
}

/** The test case classes a test file exports, declared as `hyper test` does (the preset's transform calls this at the end of each test file). */
export function runExportedTestCases(exports: Record<string, unknown> | null | undefined): void {
  runTestCase(Object.values(exports ?? {}).filter(isTestCaseClass));
}

function jestGlobals(): JestApi {
  const scope = globalThis as Partial<JestApi>;
  if (typeof scope.describe !== 'function' || typeof scope.test !== 'function' || typeof scope.beforeAll !== 'function' || typeof scope.afterAll !== 'function') {
    throw new ImproperlyConfigured("runTestCase() found no jest globals (describe, test, beforeAll, afterAll): run the file with jest, or pass them: runTestCase(PostTests, { describe, test, beforeAll, afterAll }) from '@jest/globals'.", { code: 'HYPER_TEST_JEST_NO_GLOBALS' });
  }
  return scope as JestApi;
}
