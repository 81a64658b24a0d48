// A DATABASES URL no backend can use is reported by `hyper check` (db.E001), and any
// command that would connect refuses it in the same one line: the alias, the scheme
// (never the password) and the forms that work.
import * as path from 'node:path';
import { makeSuiteTempDir } from '../support/temp-project';
import { runHyper } from '../support/run-hyper';

const MYSQL = { DATABASE_URL: 'mysql://bob:hunter22secret@db.example/shop' };
const LINE = /DATABASES\['default'\] uses the scheme 'mysql:', which is not supported; use postgres:\/\/user:password@host:5432\/name \(or postgresql:\/\/\) for a PostgreSQL server, or pglite:<folder> or pglite:memory: for the embedded database\./;

let project: string;

beforeAll(() => {
  const workspace = makeSuiteTempDir('hyper-e2e-dburl-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
});

test('hyper check reports db.E001 and fails', () => {
  const run = runHyper(['check'], { cwd: project, env: MYSQL });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/\(db\.E001\) /);
  expect(run.stderr).toMatch(LINE);
  expect(run.stderr + run.stdout).not.toMatch(/hunter22secret|bob|db\.example/);
});

test.each([['migrate'], ['showmigrations'], ['dbshell', '-c', 'select 1']])('%s refuses it in one line', (...args) => {
  const run = runHyper([...args, '--skip-checks'], { cwd: project, env: MYSQL });
  expect(run.code).toBe(1);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(LINE);
  expect(run.stderr).not.toMatch(/^\s+at |hunter22secret/m);
});

test('migrate, which runs the checks, stops at db.E001', () => {
  const run = runHyper(['migrate'], { cwd: project, env: MYSQL });
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/db\.E001/);
  expect(run.stderr).not.toMatch(/^\s+at |hunter22secret/m);
});

test('a supported URL passes the check', () => {
  const run = runHyper(['check'], { cwd: project, env: { DATABASE_URL: 'postgresql://bob:pw@127.0.0.1:1/none' } });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
});
