// atomic(), savepoints, durable blocks, onCommit() and the async context, on both backends.
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db/connection-handler';
import { IntegrityError, TransactionManagementError } from '../../src/db/errors';
import { atomic, inAtomicBlock, markForRollback, onCommit } from '../../src/db/transaction';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';

describe.each(BACKENDS)('%s', (kind) => {
  let db: TestDatabase;
  const sql = (text: string, ...parameters: unknown[]) => connections.get().execute({ sql: text, parameters });
  const names = async () => (await sql('SELECT name FROM thing ORDER BY id')).rows.map((row) => row.name);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    configure({ DATABASES: { default: db.url } });
    await connections.reset();
    await sql('CREATE TABLE thing (id serial PRIMARY KEY, name text UNIQUE NOT NULL)');
  });

  beforeEach(() => sql('TRUNCATE thing'));

  afterAll(async () => {
    await connections.reset();
    resetSettings();
    await db.drop();
  });

  test('commits when the function returns, and returns its value', async () => {
    const result = await atomic(async () => {
      expect(inAtomicBlock()).toBe(true);
      await sql("INSERT INTO thing (name) VALUES ('a')");
      return 42;
    });
    expect(result).toBe(42);
    expect(inAtomicBlock()).toBe(false);
    expect(await names()).toEqual(['a']);
  });

  test('rolls back when it throws, and rethrows the original error', async () => {
    const boom = new Error('boom');
    await expect(
      atomic(async () => {
        await sql("INSERT INTO thing (name) VALUES ('a')");
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await names()).toEqual([]);
  });

  test('nested blocks are savepoints: an inner failure undoes only the inner work', async () => {
    await atomic(async () => {
      await sql("INSERT INTO thing (name) VALUES ('outer')");
      await expect(
        atomic(async () => {
          await sql("INSERT INTO thing (name) VALUES ('inner')");
          await sql("INSERT INTO thing (name) VALUES ('outer')"); // unique violation
        }),
      ).rejects.toBeInstanceOf(IntegrityError);
      // The transaction is usable again after the savepoint rolled back.
      await sql("INSERT INTO thing (name) VALUES ('after')");
      await atomic(async () => {
        await sql("INSERT INTO thing (name) VALUES ('kept')");
      });
    });
    expect(await names()).toEqual(['outer', 'after', 'kept']);
  });

  test('an outer failure undoes released savepoints too', async () => {
    await expect(
      atomic(async () => {
        await atomic(() => sql("INSERT INTO thing (name) VALUES ('inner')"));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await names()).toEqual([]);
  });

  test('durable blocks refuse to nest', async () => {
    await atomic(async () => undefined, { durable: true });
    await expect(atomic(() => atomic(async () => 1, { durable: true }))).rejects.toBeInstanceOf(TransactionManagementError);
  });

  test('savepoint: false — an inner error dooms the whole transaction', async () => {
    await atomic(async () => {
      await sql("INSERT INTO thing (name) VALUES ('a')");
      await atomic(
        async () => {
          throw new Error('inner');
        },
        { savepoint: false },
      ).catch(() => undefined);
      await expect(sql('SELECT 1')).rejects.toBeInstanceOf(TransactionManagementError);
    });
    expect(await names()).toEqual([]);
  });

  test('markForRollback() rolls back without an error', async () => {
    const result = await atomic(async () => {
      await sql("INSERT INTO thing (name) VALUES ('a')");
      await atomic(async () => {
        await sql("INSERT INTO thing (name) VALUES ('b')");
        markForRollback();
      });
      return 'done';
    });
    expect(result).toBe('done');
    expect(await names()).toEqual(['a']);
    await atomic(async () => {
      await sql("INSERT INTO thing (name) VALUES ('c')");
      markForRollback();
    });
    expect(await names()).toEqual(['a']);
    expect(() => markForRollback()).toThrow(TransactionManagementError);
  });

  test('the transaction follows the async context: Promise.all, timers, awaits', async () => {
    await expect(
      atomic(async () => {
        await Promise.all(['p1', 'p2', 'p3'].map((name) => sql('INSERT INTO thing (name) VALUES ($1)', name)));
        await new Promise<void>((resolve, reject) =>
          setTimeout(() => {
            sql("INSERT INTO thing (name) VALUES ('timer')").then(() => resolve(), reject);
          }, 1),
        );
        const seen = await names();
        expect(seen.sort()).toEqual(['p1', 'p2', 'p3', 'timer']);
        throw new Error('undo all');
      }),
    ).rejects.toThrow('undo all');
    expect(await names()).toEqual([]);
  });

  test('work outside the block does not join it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inside = atomic(async () => {
      await sql("INSERT INTO thing (name) VALUES ('inside')");
      await gate;
      throw new Error('roll back');
    }).catch(() => 'rolled back');
    // Outside the block: on a server it runs now on another connection; on PGlite it
    // waits for the block to end. Either way it is not rolled back with it.
    const outside = sql("INSERT INTO thing (name) VALUES ('outside')");
    setTimeout(release, 20);
    expect(await inside).toBe('rolled back');
    await outside;
    expect(await names()).toEqual(['outside']);
  });

  test('work that outlives its block cannot use the ended transaction', async () => {
    let late!: () => Promise<unknown>;
    await atomic(async () => {
      late = () => sql('SELECT 1');
    });
    // Called after the block, but from code created in its async context.
    const outcome = await atomic(async () => undefined).then(() => late().catch((e: unknown) => e));
    expect(outcome).toMatchObject({ rows: [{ '?column?': 1 }] });
    let detached!: Promise<unknown>;
    await atomic(async () => {
      detached = new Promise((resolve) => setTimeout(resolve, 10)).then(() => sql('SELECT 1')).catch((e: unknown) => e);
    });
    expect(await detached).toBeInstanceOf(TransactionManagementError);
  });

  describe('onCommit', () => {
    test('runs after the outermost COMMIT, in order', async () => {
      const events: string[] = [];
      await atomic(async () => {
        onCommit(() => events.push('first'));
        await atomic(async () => {
          onCommit(() => events.push('inner'));
        });
        onCommit(async () => {
          // The transaction is over: the row is visible to any connection.
          events.push(`last saw ${(await names()).join(',')}`);
        });
        await sql("INSERT INTO thing (name) VALUES ('x')");
        events.push('body done');
      });
      expect(events).toEqual(['body done', 'first', 'inner', 'last saw x']);
    });

    test('is discarded on rollback, and with a rolled-back savepoint', async () => {
      const events: string[] = [];
      await atomic(async () => {
        onCommit(() => events.push('kept'));
        await atomic(async () => {
          onCommit(() => events.push('lost in savepoint'));
          await atomic(async () => {
            onCommit(() => events.push('lost below it'));
          });
          throw new Error('undo savepoint');
        }).catch(() => undefined);
      });
      await atomic(async () => {
        onCommit(() => events.push('lost with the transaction'));
        throw new Error('undo');
      }).catch(() => undefined);
      expect(events).toEqual(['kept']);
    });

    test('runs at once outside a transaction', () => {
      const events: string[] = [];
      onCommit(() => events.push('now'));
      expect(events).toEqual(['now']);
    });

    test('robust callbacks log their error; the others still run', async () => {
      const events: string[] = [];
      const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        await atomic(async () => {
          onCommit(
            () => {
              throw new Error('mail server down');
            },
            { robust: true },
          );
          onCommit(() => events.push('after'));
        });
        expect(events).toEqual(['after']);
        expect(log).toHaveBeenCalledWith(expect.stringContaining('mail server down'));
      } finally {
        log.mockRestore();
      }
    });

    test('a failing callback that is not robust is thrown after the commit', async () => {
      await expect(
        atomic(async () => {
          await sql("INSERT INTO thing (name) VALUES ('committed')");
          onCommit(() => {
            throw new Error('callback failed');
          });
        }),
      ).rejects.toThrow('callback failed');
      expect(await names()).toEqual(['committed']);
    });
  });

  test("Kysely queries join atomic(); Kysely's transaction() refuses to nest in it", async () => {
    await atomic(async () => {
      await connections.get().kysely.insertInto('thing').values({ name: 'via kysely' }).execute();
      markForRollback();
    });
    expect(await names()).toEqual([]);
    await expect(atomic(() => connections.get().kysely.transaction().execute(async () => 1))).rejects.toBeInstanceOf(
      TransactionManagementError,
    );
  });

  test('stream() inside atomic() uses its transaction', async () => {
    await atomic(async () => {
      await sql("INSERT INTO thing (name) VALUES ('s1'), ('s2'), ('s3')");
      const seen: unknown[] = [];
      for await (const row of connections.get().stream({ sql: 'SELECT name FROM thing ORDER BY id', parameters: [] }, 2)) {
        seen.push(row.name);
      }
      expect(seen).toEqual(['s1', 's2', 's3']);
      markForRollback();
    });
    expect(await names()).toEqual([]);
  });
});
