// Django's test case classes. `hyper test` finds the classes a test module exports
// and runs each `test*` method as a test (node:test's describe/test underneath):
//
//   export class PostTests extends TestCase {
//     static post: Post;
//     static async setUpTestData() { this.post = await Post.objects.create({ title: 'Hi' }); }
//     async testTitle() { assert.equal(PostTests.post.title, 'Hi'); }
//   }
//
// TestCase: each test in a transaction rolled back at its end; setUpTestData() once
// per class, in a transaction rolled back after the class's last test.
// TransactionTestCase: real commits; the tables are emptied after each test.
// SimpleTestCase: no database; a query fails with DatabaseAccessRefused.
import { DEFAULT_DB_ALIAS } from '../db/connection-handler';
import { refuseDatabaseAccess } from '../db/instrumentation';
import { clearOutbox } from '../mail/backends/locmem';
import { Client } from './client';
import { loadTestFixtures } from './fixtures';
import { flushTables, holdTransactions, type HeldTransactions } from './test-database';

export class SimpleTestCase {
  /** The aliases the tests use; a SimpleTestCase uses none. */
  static databases: readonly string[] = [];
  /** Recognised across copies of the framework (a project may load its own). */
  static readonly hyperTestCase: string = 'simple';

  private clientInstance: Client | undefined;

  /** A Client of this test's own, made on first use. */
  get client(): Client {
    this.clientInstance ??= new Client();
    return this.clientInstance;
  }

  /** Once before the class's first test. */
  static async setUpClass(): Promise<void> {}
  /** Once after its last test. */
  static async tearDownClass(): Promise<void> {}
  /** Before each test. */
  async setUp(): Promise<void> {}
  /** After each test, also when it failed. */
  async tearDown(): Promise<void> {}
}

export class TransactionTestCase extends SimpleTestCase {
  static databases: readonly string[] = [DEFAULT_DB_ALIAS];
  /** Fixture labels (as loaddata takes them) loaded into each of `databases`: once per class for a TestCase, before each test for a TransactionTestCase. */
  static fixtures: readonly string[] = [];
  static readonly hyperTestCase: string = 'transaction';
}

export class TestCase extends TransactionTestCase {
  static readonly hyperTestCase: string = 'rollback';
  /** Once per class, before its tests: rows every test sees, rolled back after the last. */
  static async setUpTestData(): Promise<void> {}
}

/** A test case class: SimpleTestCase or a subclass (from any copy of the framework). */
export type TestCaseClass = (new () => SimpleTestCase) & {
  name: string;
  databases: readonly string[];
  hyperTestCase: string;
  setUpClass(): Promise<void>;
  tearDownClass(): Promise<void>;
  setUpTestData?(): Promise<void>;
  fixtures?: readonly string[];
};

/** Whether an export is a test case class (duck-typed, as another copy of the framework may define it). */
export function isTestCaseClass(value: unknown): value is TestCaseClass {
  return typeof value === 'function' && typeof (value as { hyperTestCase?: unknown }).hyperTestCase === 'string' && typeof (value as { prototype?: { setUp?: unknown } }).prototype?.setUp === 'function';
}

/** The class's test methods: every `test*` method, its own and inherited, in declaration order. */
export function testMethods(cls: TestCaseClass): string[] {
  const names: string[] = [];
  for (let proto = cls.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (/^test/.test(name) && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function' && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

export interface TestApi {
  describe(name: string, fn: () => void): unknown;
  test(name: string, fn: () => Promise<void>): unknown;
  before(fn: () => Promise<void>): unknown;
  after(fn: () => Promise<void>): unknown;
}

/** Declares the class's tests on a describe/test API (node:test's by default). */
export function registerTestCase(cls: TestCaseClass, api: TestApi = require('node:test') as TestApi, select: (method: string) => boolean = () => true): void {
  const kind = cls.hyperTestCase;
  const aliases = kind === 'simple' ? [] : cls.databases;
  api.describe(cls.name, () => {
    let held: HeldTransactions | undefined;
    api.before(async () => {
      await cls.setUpClass();
      if (kind === 'rollback') {
        held = await holdTransactions(aliases, async () => {
          for (const alias of aliases) await loadTestFixtures(cls.fixtures ?? [], alias);
          await cls.setUpTestData?.();
        });
      }
    });
    api.after(async () => {
      try {
        await held?.release();
      } finally {
        await cls.tearDownClass();
      }
    });
    for (const method of testMethods(cls).filter(select)) {
      api.test(method, async () => {
        const instance = new cls() as SimpleTestCase & Record<string, () => Promise<void>>;
        const body = async () => {
          // Each test starts with an empty mail outbox, as Django's SimpleTestCase.
          clearOutbox();
          await instance.setUp();
          try {
            await instance[method]();
          } finally {
            await instance.tearDown();
          }
        };
        if (kind === 'rollback') {
          await held!.run(body);
        } else if (kind === 'transaction') {
          try {
            for (const alias of aliases) await loadTestFixtures(cls.fixtures ?? [], alias);
            await body();
          } finally {
            for (const alias of aliases) await flushTables(alias);
          }
        } else {
          await refuseDatabaseAccess(`${cls.name} is a SimpleTestCase; make it a TestCase (or TransactionTestCase) to use the database.`, body);
        }
      });
    }
  });
}
