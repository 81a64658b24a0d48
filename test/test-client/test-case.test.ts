// TestCase and its function-style kin, registered on jest through runTestCase() (the
// jest adapter), on both backends: setUpTestData's rows seen by every test and gone
// after the class, each test's writes gone before the next whatever the test left
// behind (an aborted statement, an error in a savepoint-less block, onCommit()
// callbacks), captureOnCommitCallbacks(), useTestDatabase() and inTransaction().
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db/connection-handler';
import { IntegrityError, TransactionManagementError } from '../../src/db/errors';
import { atomic, onCommit } from '../../src/db/transaction';
import { TestCase, captureOnCommitCallbacks, inTransaction, useTestDatabase } from '../../src/test-client';
import { runTestCase } from '../../src/test-client/jest';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';

const sql = (text: string, ...parameters: unknown[]) => connections.get().execute({ sql: text, parameters });
const insert = (name: string) => sql('INSERT INTO thing (name) VALUES ($1)', name);
const names = async () => (await sql('SELECT name FROM thing ORDER BY id')).rows.map((row) => row.name);

describe.each(BACKENDS)('%s', (kind) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    configure({ DATABASES: { default: db.url } });
    await connections.reset();
    await sql('CREATE TABLE thing (id serial PRIMARY KEY, name text UNIQUE NOT NULL)');
  }, 120000);

  afterAll(async () => {
    await connections.reset();
    resetSettings();
    await db.drop();
  });

  let afterTheClass: unknown[] | undefined;

  class ThingTests extends TestCase {
    static async setUpTestData() {
      await insert('seed');
    }
    static async tearDownClass() {
      afterTheClass = await names();
    }
    async testWrites() {
      await insert('a');
      expect(await names()).toEqual(['seed', 'a']);
    }
    async testSeesOnlyTheSeed() {
      expect(await names()).toEqual(['seed']);
    }
    async testLeavesAnAbortedStatement() {
      await insert('b');
      await expect(insert('seed')).rejects.toBeInstanceOf(IntegrityError);
    }
    async testRecoveredFromTheAbortedStatement() {
      expect(await names()).toEqual(['seed']);
    }
    async testFailsInASavepointlessBlock() {
      await expect(atomic(() => insert('seed'), { savepoint: false })).rejects.toBeInstanceOf(IntegrityError);
      await expect(names()).rejects.toBeInstanceOf(TransactionManagementError);
    }
    async testRecoveredFromTheSavepointlessBlock() {
      expect(await names()).toEqual(['seed']);
    }
    async testOwnAtomicBlocksAreSavepoints() {
      await expect(
        atomic(async () => {
          await insert('c');
          throw new Error('undo c');
        }),
      ).rejects.toThrow('undo c');
      await atomic(() => insert('d'));
      expect(await names()).toEqual(['seed', 'd']);
    }
    async testDurableBlockDirectlyInTheTest() {
      await atomic(() => insert('e'), { durable: true });
      await expect(atomic(() => atomic(() => insert('f'), { durable: true }))).rejects.toBeInstanceOf(TransactionManagementError);
      expect(await names()).toEqual(['seed', 'e']);
    }
    async testCapturesOnCommitCallbacks() {
      const ran: string[] = [];
      const callbacks = await captureOnCommitCallbacks(async () => {
        onCommit(() => ran.push('first'));
        await insert('g');
        onCommit(() => ran.push('second'));
      });
      expect(callbacks).toHaveLength(2);
      expect(ran).toEqual([]);
      await Promise.all(callbacks.map((callback) => callback()));
      expect(ran).toEqual(['first', 'second']);
    }
    async testExecutesThemAndWhatTheyRegister() {
      const ran: string[] = [];
      const callbacks = await captureOnCommitCallbacks(
        () => {
          onCommit(() => {
            ran.push('outer');
            onCommit(() => ran.push('registered by a callback'));
          });
        },
        { execute: true },
      );
      expect(ran).toEqual(['outer', 'registered by a callback']);
      expect(callbacks).toHaveLength(2);
    }
    async testNestedCapturesAndRolledBackSavepoints() {
      const ran: string[] = [];
      let inner: Array<() => unknown> = [];
      const outer = await captureOnCommitCallbacks(async () => {
        onCommit(() => ran.push('outer'));
        inner = await captureOnCommitCallbacks(async () => {
          onCommit(() => ran.push('inner'));
          await atomic(async () => {
            onCommit(() => ran.push('in a savepoint that rolls back'));
            throw new Error('roll back');
          }).catch(() => undefined);
        });
      });
      expect(inner).toHaveLength(1);
      expect(outer).toHaveLength(2);
      for (const callback of outer) await callback();
      expect(ran).toEqual(['outer', 'inner']);
    }
    async testNoCallbackLeftFromEarlierTests() {
      expect(await captureOnCommitCallbacks(() => undefined)).toEqual([]);
    }
  }
  runTestCase(ThingTests);

  test('after the class, its setUpTestData rows are rolled back too', () => {
    expect(afterTheClass).toEqual([]);
  });

  test('inTransaction(): the function runs in a transaction rolled back at its end, and captures callbacks', async () => {
    const ran: string[] = [];
    await inTransaction(async () => {
      await insert('x');
      const callbacks = await captureOnCommitCallbacks(() => onCommit(() => ran.push('x')), { execute: true });
      expect(callbacks).toHaveLength(1);
      expect(await names()).toEqual(['x']);
    })();
    expect(ran).toEqual(['x']);
    expect(await names()).toEqual([]);
  });

  test('captureOnCommitCallbacks() outside a test transaction says where to use it', async () => {
    await expect(captureOnCommitCallbacks(() => undefined)).rejects.toThrow("captureOnCommitCallbacks() needs a test transaction for 'default': use it in a TestCase or inside inTransaction().");
  });

  describe('useTestDatabase()', () => {
    useTestDatabase();
    test('a test commits its rows, and onCommit() callbacks run', async () => {
      const ran: string[] = [];
      await atomic(async () => {
        await insert('committed');
        onCommit(() => ran.push('ran'));
      });
      expect(ran).toEqual(['ran']);
      expect(await names()).toEqual(['committed']);
    });
    test('the next test finds the tables emptied, the sequences restarted', async () => {
      expect(await names()).toEqual([]);
      await insert('again');
      expect((await sql('SELECT id FROM thing')).rows).toEqual([{ id: 1 }]);
    });
  });
});
