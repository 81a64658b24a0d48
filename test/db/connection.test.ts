// execute(), type round trips, stream(), Kysely and error translation, on a server
// and on PGlite: both must give the same values back.
import { ConnectionHandler } from '../../src/db/connection-handler';
import type { Connection } from '../../src/db/connection';
import { DataError, IntegrityError, OperationalError, ProgrammingError } from '../../src/db/errors';
import { BACKENDS, createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/test-databases';

describe.each(BACKENDS)('%s', (kind) => {
  let db: TestDatabase;
  let handler: ConnectionHandler;
  let connection: Connection;
  const sql = (text: string, ...parameters: unknown[]) => connection.execute({ sql: text, parameters });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    handler = new ConnectionHandler({ default: db.url }, process.cwd());
    connection = handler.get();
    await connection.executeScript(`
      CREATE TABLE item (id bigserial PRIMARY KEY, name text NOT NULL CONSTRAINT item_name_key UNIQUE, price numeric(12, 2));
      CREATE TABLE note (id serial PRIMARY KEY, body text);
    `);
  });

  afterAll(async () => {
    await handler.closeAll();
    await db.drop();
  });

  test('parameters are data, never SQL', async () => {
    const hostile = "x'); DROP TABLE item; --";
    await sql('INSERT INTO item (name, price) VALUES ($1, $2)', hostile, '9.99');
    const { rows, rowCount } = await sql('SELECT name, price FROM item WHERE name = $1', hostile);
    expect(rowCount).toBe(1);
    expect(rows).toEqual([{ name: hostile, price: '9.99' }]);
    expect((await sql('SELECT count(*) AS n FROM item')).rows).toEqual([{ n: 1 }]);
  });

  test('rowCount and command of writes', async () => {
    const inserted = await sql('INSERT INTO note (body) VALUES ($1), ($2) RETURNING id', 'a', 'b');
    expect(inserted).toMatchObject({ rowCount: 2, command: 'INSERT' });
    expect(inserted.rows.map((row) => typeof row.id)).toEqual(['number', 'number']);
    const updated = await sql("UPDATE note SET body = body || '!'");
    expect(updated).toMatchObject({ rowCount: 2, command: 'UPDATE', rows: [] });
  });

  test('values come back by the type rules', async () => {
    const { rows } = await sql(`SELECT
      1::int2 AS i2, 2::int4 AS i4, 3::int8 AS i8, 9007199254740993::int8 AS big,
      12345678901234567890.123456789::numeric AS num, 1.5::float4 AS f4, 0.1::float8 AS f8, 'NaN'::float8 AS nan,
      true AS yes, '2024-02-29'::date AS day,
      '2024-05-01 10:20:30.123456'::timestamp AS ts, '2024-05-01 10:20:30.5+02'::timestamptz AS tstz,
      '13:45:00'::time AS t, '1 day 2 hours 3 minutes'::interval AS iv,
      '{"a": [1, "x"]}'::json AS js, '{"b": null}'::jsonb AS jsb, '\\xdeadbeef'::bytea AS bin,
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id, '192.168.0.1/24'::inet AS ip, NULL::int AS nothing,
      ARRAY[1, NULL, 3]::int4[] AS ints, ARRAY['a,b', 'c"d', 'e\\f', NULL, 'NULL']::text[] AS texts,
      ARRAY[[1, 2], [3, 4]]::int8[] AS matrix, ARRAY['2024-01-01']::date[] AS days, '{}'::int4[] AS empty,
      ARRAY['{"k": 1}']::jsonb[] AS docs, ARRAY['1.10']::numeric[] AS nums`);
    expect(rows[0]).toEqual({
      i2: 1, i4: 2, i8: 3, big: '9007199254740993',
      num: '12345678901234567890.123456789', f4: 1.5, f8: 0.1, nan: NaN,
      yes: true, day: '2024-02-29',
      ts: new Date('2024-05-01T10:20:30.123Z'), tstz: new Date('2024-05-01T08:20:30.500Z'),
      t: '13:45:00', iv: 'P1DT2H3M',
      js: { a: [1, 'x'] }, jsb: { b: null }, bin: Buffer.from('deadbeef', 'hex'),
      id: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', ip: '192.168.0.1/24', nothing: null,
      ints: [1, null, 3], texts: ['a,b', 'c"d', 'e\\f', null, 'NULL'],
      matrix: [[1, 2], [3, 4]], days: ['2024-01-01'], empty: [],
      docs: [{ k: 1 }], nums: ['1.10'],
    });
    expect(Buffer.isBuffer(rows[0].bin)).toBe(true);
  });

  test('parameters round trip with their types', async () => {
    const when = new Date('2001-02-03T04:05:06.789Z');
    const { rows } = await sql(
      `SELECT $1::timestamptz AS at, $2::bool AS flag, $3::bytea AS bytes, $4::jsonb AS doc, $5::int4[] AS list,
              $6::text[] AS words, $7::int8 AS big, $8::date AS day, $9::numeric AS exact, $10::text AS absent`,
      when, false, Buffer.from([0, 1, 255]), { nested: { ok: true }, list: [1] }, [1, 2, null],
      ['quote"d', 'back\\slash', 'comma,'], 12n, '1999-12-31', '0.30000000000000000001', undefined,
    );
    expect(rows[0]).toEqual({
      at: when, flag: false, bytes: Buffer.from([0, 1, 255]), doc: { nested: { ok: true }, list: [1] }, list: [1, 2, null],
      words: ['quote"d', 'back\\slash', 'comma,'], big: 12, day: '1999-12-31', exact: '0.30000000000000000001', absent: null,
    });
  });

  test('sessions run in UTC: a date is never shifted', async () => {
    const { rows } = await sql("SELECT current_setting('TimeZone') AS tz, current_setting('IntervalStyle') AS style, '2024-01-01'::date AS day");
    expect(rows[0]).toEqual({ tz: 'UTC', style: 'iso_8601', day: '2024-01-01' });
  });

  test('named prepared statements', async () => {
    const first = await connection.execute({ sql: 'SELECT $1::int + 1 AS n', parameters: [1] }, { name: 'hyper_add_one' });
    const second = await connection.execute({ sql: 'SELECT $1::int + 1 AS n', parameters: [41] }, { name: 'hyper_add_one' });
    expect([first.rows, second.rows]).toEqual([[{ n: 2 }], [{ n: 42 }]]);
    if (kind === 'postgres') {
      // On a pool of one client, the statement is visibly prepared on the server under its name.
      const single = new ConnectionHandler({ default: `${db.url}?pool=1` }, process.cwd());
      try {
        await single.get().execute({ sql: 'SELECT $1::text AS s', parameters: ['x'] }, { name: 'hyper_echo' });
        const prepared = await single.get().execute({ sql: 'SELECT statement FROM pg_prepared_statements WHERE name = $1', parameters: ['hyper_echo'] });
        expect(prepared.rows).toEqual([{ statement: 'SELECT $1::text AS s' }]);
      } finally {
        await single.closeAll();
      }
    }
  });

  test('stream() reads through a cursor in batches', async () => {
    const seen: number[] = [];
    for await (const row of connection.stream<{ g: number }>({ sql: 'SELECT g FROM generate_series(1, $1::int) g', parameters: [25] }, 10)) {
      seen.push(row.g);
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  test('stream() may be left early, and other queries run while it is read', async () => {
    const seen: number[] = [];
    for await (const row of connection.stream<{ g: number }>({ sql: 'SELECT g FROM generate_series(1, 100) g', parameters: [] }, 5)) {
      seen.push(row.g);
      // A query inside the loop must not wait for the loop (PGlite has one session).
      await sql('SELECT 1');
      if (seen.length === 7) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const cursors = await sql("SELECT count(*) AS n FROM pg_cursors WHERE name LIKE 'hyper_cursor%'");
    expect(cursors.rows[0].n).toBe(0);
  });

  test('Kysely over the same connection', async () => {
    const kysely = connection.kysely;
    await kysely.insertInto('note').values({ body: 'from kysely' }).execute();
    const row = await kysely.selectFrom('note').select(['body']).where('body', '=', 'from kysely').executeTakeFirstOrThrow();
    expect(row).toEqual({ body: 'from kysely' });
    const result = await kysely.deleteFrom('note').where('body', '=', 'from kysely').executeTakeFirst();
    expect(result.numDeletedRows).toBe(1n);
    const tables = await kysely.introspection.getTables();
    expect(tables.map((table) => table.name).sort()).toEqual(['item', 'note']);
  });

  test("Kysely's own transaction()", async () => {
    await expect(
      connection.kysely.transaction().execute(async (trx) => {
        await trx.insertInto('note').values({ body: 'kysely tx' }).execute();
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    const { rows } = await sql("SELECT count(*) AS n FROM note WHERE body = 'kysely tx'");
    expect(rows[0].n).toBe(0);
  });

  describe('errors are translated', () => {
    test('a unique violation is an IntegrityError naming the constraint', async () => {
      await sql("INSERT INTO item (name) VALUES ('dup')");
      const error = await sql("INSERT INTO item (name) VALUES ('dup')").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrityError);
      expect(error).toMatchObject({ sqlState: '23505', constraint: 'item_name_key', table: 'item', code: 'HYPER_DB_INTEGRITY' });
      expect((error as IntegrityError).detail).toBe('Key (name)=(dup) already exists.');
      expect((error as Error).message).toContain('duplicate key value violates unique constraint "item_name_key"');
    });

    test('a NOT NULL violation names the column', async () => {
      const error = await sql('INSERT INTO item (name) VALUES (NULL)').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrityError);
      expect(error).toMatchObject({ sqlState: '23502', column: 'name' });
    });

    test('a bad cast is a DataError', async () => {
      const error = await sql("SELECT 'abc'::int").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect(error).toMatchObject({ sqlState: '22P02' });
    });

    test('a syntax error or an unknown table is a ProgrammingError', async () => {
      await expect(sql('SELEC 1')).rejects.toBeInstanceOf(ProgrammingError);
      await expect(sql('SELECT * FROM missing_table')).rejects.toMatchObject({ sqlState: '42P01' });
    });

    test('the original error stays as cause', async () => {
      const error = (await sql('SELECT 1/0').catch((e: unknown) => e)) as DataError;
      expect(error.cause).toMatchObject({ code: '22012' });
    });
  });
});

describe('server pool options', () => {
  test('statement_timeout and application_name reach the session', async () => {
    const url = `${TEST_POSTGRES_URL}?statement_timeout=50&application_name=hyper-tests&pool=2`;
    const handler = new ConnectionHandler({ default: url }, process.cwd());
    try {
      const connection = handler.get();
      const { rows } = await connection.execute({ sql: "SELECT current_setting('application_name') AS app, current_setting('statement_timeout') AS timeout", parameters: [] });
      expect(rows).toEqual([{ app: 'hyper-tests', timeout: '50ms' }]);
      await expect(connection.execute({ sql: 'SELECT pg_sleep(2)', parameters: [] })).rejects.toMatchObject({
        name: 'OperationalError',
        sqlState: '57014',
      });
    } finally {
      await handler.closeAll();
    }
  });
});

describe('a server that cannot be reached', () => {
  test('is an OperationalError whose message hides the password', async () => {
    const handler = new ConnectionHandler({ default: 'postgres://ann:TopSecret99@127.0.0.1:1/nowhere' }, process.cwd());
    try {
      const error = await handler.get().execute({ sql: 'SELECT 1', parameters: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationalError);
      const message = (error as Error).message;
      expect(message).toMatch(/^Cannot use database 'default' \(postgres:\/\/ann:\*\*\*@127\.0\.0\.1:1\/nowhere\): .*ECONNREFUSED.*\. Is PostgreSQL running and accepting connections there\? Start it, or fix DATABASES\['default'\] \(DATABASE_URL in a new project\)\.$/);
      expect(message).not.toContain('TopSecret99');
      expect(message).not.toContain('\n');
    } finally {
      await handler.closeAll();
    }
  });

  test('a database that does not exist is an OperationalError too', async () => {
    const handler = new ConnectionHandler({ default: 'postgres://postgres@127.0.0.1:5432/hyper_no_such_db' }, process.cwd());
    try {
      await expect(handler.get().execute({ sql: 'SELECT 1', parameters: [] })).rejects.toMatchObject({
        name: 'OperationalError',
        sqlState: '3D000',
        message:
          'Cannot use database \'default\' (postgres://postgres@127.0.0.1:5432/hyper_no_such_db): database "hyper_no_such_db" does not exist. ' +
          "Create it (createdb hyper_no_such_db), or point DATABASES['default'] (DATABASE_URL in a new project) at one that exists.",
      });
    } finally {
      await handler.closeAll();
    }
  });
});
