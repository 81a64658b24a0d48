// `hyper dbshell`: psql for a server, the built-in prompt for PGlite (fed by a pipe).
import { Readable } from 'node:stream';
import { configure, resetSettings } from '../../src/conf/settings';
import { parseDatabaseConfig } from '../../src/db/config';
import { connections } from '../../src/db/connection-handler';
import { psqlInvocation } from '../../src/db/shell';
import { splitStatements } from '../../src/db/sql-script';
import { callCommand } from '../../src/management/call-command';
import { CommandError } from '../../src/management/errors';
import { TEST_POSTGRES_URL } from '../support/test-databases';

describe('splitStatements', () => {
  test.each([
    ['select 1; select 2;', ['select 1', 'select 2'], ''],
    ["select 'a;b'; select \"x;y\"", ["select 'a;b'"], ' select "x;y"'],
    ["select 'it''s;'; select E'\\';';", ["select 'it''s;'", "select E'\\';'"], ''],
    ['do $$ begin perform 1; end $$; select $tag$;$tag$;', ['do $$ begin perform 1; end $$', 'select $tag$;$tag$'], ''],
    ['select 1 -- no; end\n; /* a /* nested; */ ; */ select 2;', ['select 1 -- no; end', '/* a /* nested; */ ; */ select 2'], ''],
    ['select $1; ', ['select $1'], ' '],
  ])('%s', (text, statements, rest) => {
    expect(splitStatements(text)).toEqual({ statements, rest });
  });
});

describe('psqlInvocation', () => {
  test('connection parameters as arguments, the password only in the environment', () => {
    const config = parseDatabaseConfig('default', 'postgres://ann:p%40ss@db.example:6543/shop?sslmode=require&application_name=x', '/');
    expect(psqlInvocation(config, ['-c', 'select 1'])).toEqual({
      command: 'psql',
      args: ['-h', 'db.example', '-p', '6543', '-U', 'ann', '-d', 'shop', '-c', 'select 1'],
      env: { PGPASSWORD: 'p@ss', PGSSLMODE: 'require', PGAPPNAME: 'x' },
    });
  });
});

describe('dbshell', () => {
  afterEach(async () => {
    await connections.reset();
    resetSettings();
  });

  test('the embedded prompt reads piped SQL and prints aligned tables', async () => {
    configure({ DATABASES: { default: 'pglite:memory:' } });
    const input = Readable.from([
      "CREATE TABLE pet (id int, name text, ok boolean);\nINSERT INTO pet VALUES (1, 'Rex', true),\n",
      "  (22, NULL, false);\nSELECT * FROM pet ORDER BY id;\n\\dt\n\\q\nSELECT 'never run';\n",
    ]);
    const { stdout, stderr } = await callCommand('dbshell', [], { stdin: input });
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        'CREATE',
        'INSERT 0 2',
        ' id | name | ok',
        '----+------+----',
        '  1 | Rex  | t',
        ' 22 |      | f',
        '(2 rows)',
        '',
        '        List of relations',
        ' Schema | Name | Type  |  Owner',
        '--------+------+-------+----------',
        ' public | pet  | table | postgres',
        '(1 row)',
        '',
        '',
      ].join('\n'),
    );
  });

  test('-c runs SQL and exits; a failing statement is reported and fails the command', async () => {
    configure({ DATABASES: { default: 'pglite:memory:' } });
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
    const run = callCommand('dbshell', ['-c', "SELECT 'a;b' AS s; SELECT nope; SELECT 2 AS n"], io);
    await expect(run).rejects.toThrow(new CommandError('1 statement failed on pglite:memory:.'));
    expect(stdout).toBe(['  s', '-----', ' a;b', '(1 row)', '', ' n', '---', ' 2', '(1 row)', '', ''].join('\n'));
    expect(stderr).toBe('ERROR:  column "nope" does not exist\n');
  });

  test('the embedded prompt takes \\d TABLE and \\? from a pipe; an unknown command is reported', async () => {
    configure({ DATABASES: { default: 'pglite:memory:' } });
    const input = Readable.from(["CREATE TABLE pet (id int PRIMARY KEY, name varchar(20) DEFAULT 'Rex');\n\\d pet\n\\?\n\\x\n"]);
    let stdout = '';
    let stderr = '';
    const io = { stdin: input, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
    await expect(callCommand('dbshell', [], io)).rejects.toThrow('1 statement failed on pglite:memory:.');
    expect(stdout).toContain(" name   | character varying(20) |           |          | 'Rex'::character varying\nIndexes:\n    \"pet_pkey\" PRIMARY KEY, btree (id)\n");
    expect(stdout).toContain('\\d NAME    describe a table');
    expect(stderr).toBe('invalid command \\x; try \\? for the commands this prompt knows.\n');
  });

  test('a server goes through psql', async () => {
    configure({ DATABASES: { default: TEST_POSTGRES_URL } });
    const { stdout } = await callCommand('dbshell', ['-c', "SELECT 'from psql' AS greeting", '--', '-A', '-t']);
    expect(stdout).toBe('from psql\n');
  });

  test('no psql is one clear line', async () => {
    configure({ DATABASES: { default: TEST_POSTGRES_URL } });
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(callCommand('dbshell', ['-c', 'SELECT 1'])).rejects.toThrow(/^psql was not found on PATH; install PostgreSQL's client/);
    } finally {
      process.env.PATH = path;
    }
  });

  test('an unknown alias', async () => {
    configure({ DATABASES: { default: 'pglite:memory:' } });
    await expect(callCommand('dbshell', ['--database', 'defualt'])).rejects.toThrow("Did you mean 'default'?");
  });
});
