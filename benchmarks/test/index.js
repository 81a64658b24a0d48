#!/usr/bin/env node
// `npm run bench -- test [--runs N] [--pglite]`: `hyper test` on a new project with 200
// trivial database tests (one INSERT and one COUNT each), isolated by TestCase's
// rollback and by TransactionTestCase's truncation, beside an empty run (the start-up:
// settings, test database created and migrated, one worker, nothing to run) and 200
// empty TestCase tests (what isolation and the harness cost a test, its queries aside).
// Each round runs the three in turn; medians are compared. PostgreSQL server by
// default (TEST_POSTGRES_URL), the embedded PGlite with --pglite.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'hyper.js');
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag === -1 ? 5 : Number(process.argv[runsFlag + 1]);
const pglite = process.argv.includes('--pglite');
const TESTS = 200;
const TARGET_MS_PER_TEST = 2;

if (!fs.existsSync(path.join(root, 'dist', 'src', 'management', 'cli.js'))) {
  console.error('benchmarks/test: dist/ is missing; run `npm run build` first.');
  process.exit(1);
}

const env = { ...process.env };
for (const key of Object.keys(env)) if (/^(HYPER_|FORCE_COLOR|NO_COLOR|NODE_OPTIONS|DATABASE_URL)/.test(key)) delete env[key];
if (!pglite) {
  const url = new URL(process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/hyper_bench_${process.pid}`;
  env.DATABASE_URL = url.toString();
}

function hyper(args, cwd, expectFailure = false) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if ((result.status !== 0) !== expectFailure) throw new Error(`hyper ${args.join(' ')} exited ${result.status}: ${result.stdout}${result.stderr}`);
  return { ms, stdout: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function testClass(name, base, body = (index) => `    await Post.objects.create({ title: 't${index}' });\n    assert.equal(await Post.objects.count(), 1);\n`) {
  const methods = Array.from({ length: TESTS }, (_, index) => `  async test${index}() {\n${body(index)}  }`);
  return `export class ${name} extends ${base} {\n${methods.join('\n')}\n}\n`;
}

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-test-'));
try {
  hyper(['startproject', 'benchsite'], workspace);
  const project = path.join(workspace, 'benchsite');
  hyper(['startapp', 'blog'], project);
  const settings = path.join(project, 'settings.ts');
  fs.writeFileSync(settings, fs.readFileSync(settings, 'utf8').replace(/INSTALLED_APPS: \[([^\]]*)\]/, "INSTALLED_APPS: [$1, 'blog']"));
  fs.writeFileSync(path.join(project, 'blog', 'models.ts'), "import { model, CharField } from 'hyperdjango/db';\nexport class Post extends model({ title: CharField({ maxLength: 200 }) }) {}\n");
  hyper(['makemigrations'], project);
  const tests = path.join(project, 'blog', 'tests');
  fs.rmSync(tests, { recursive: true, force: true });
  fs.mkdirSync(tests);
  const header = "import assert from 'node:assert/strict';\nimport { TestCase, TransactionTestCase } from 'hyperdjango/test';\nimport { Post } from '../models';\n";
  fs.writeFileSync(path.join(tests, 'empty.test.ts'), `${header}export class Empty extends TestCase {}\nvoid assert; void TransactionTestCase; void Post;\n`);
  fs.writeFileSync(path.join(tests, 'rollback.test.ts'), header + testClass('Rollback', 'TestCase') + 'void TransactionTestCase;\n');
  fs.writeFileSync(path.join(tests, 'truncate.test.ts'), header + testClass('Truncate', 'TransactionTestCase') + 'void TestCase;\n');
  // The same TestCase with empty tests: the isolation alone (a ROLLBACK TO per test), without the test's own two queries.
  fs.writeFileSync(path.join(tests, 'isolation.test.ts'), header + testClass('Isolation', 'TestCase', () => '') + 'void assert; void TransactionTestCase; void Post;\n');
  const cases = {
    empty: ['test', 'blog/tests/empty.test.ts', '--noinput'],
    isolation: ['test', 'blog/tests/isolation.test.ts', '--noinput'],
    rollback: ['test', 'blog/tests/rollback.test.ts', '--noinput'],
    truncate: ['test', 'blog/tests/truncate.test.ts', '--noinput'],
  };
  // Warm-up: hyper's compile cache (.hyper/) and the OS file cache, as in everyday use.
  for (const [name, args] of Object.entries(cases)) {
    const { stdout } = hyper(args, project);
    const expected = name === 'empty' ? '0 passed, 0 failed' : `${TESTS} passed, 0 failed`;
    if (!stdout.includes(expected)) throw new Error(`hyper ${args.join(' ')} did not report '${expected}':\n${stdout}`);
  }
  const times = { empty: [], isolation: [], rollback: [], truncate: [] };
  for (let round = 0; round < runs; round++) {
    for (const [name, args] of Object.entries(cases)) times[name].push(hyper(args, project).ms);
  }
  const empty = median(times.empty);
  console.log(`hyper test on ${pglite ? 'PGlite (in memory)' : 'a PostgreSQL server'}, median of ${runs} runs (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version})`);
  console.log(`${'run'.padEnd(42)} ${'median'.padStart(10)} ${'per test'.padStart(10)} ${'vs rollback'.padStart(12)}`);
  const rollback = median(times.rollback);
  for (const [label, name] of [['empty run (start-up, no tests)', 'empty'], [`${TESTS} empty tests, TestCase (isolation only)`, 'isolation'], [`${TESTS} tests, TestCase (rollback)`, 'rollback'], [`${TESTS} tests, TransactionTestCase (truncate)`, 'truncate']]) {
    const value = median(times[name]);
    const perTest = name === 'empty' ? '' : `${((value - empty) / TESTS).toFixed(2)} ms`;
    console.log(`${label.padEnd(42)} ${value.toFixed(0).padStart(7)} ms ${perTest.padStart(10)} ${(value / rollback).toFixed(2).padStart(11)}x`);
  }
  const perTest = (rollback - empty) / TESTS;
  const overhead = (median(times.isolation) - empty) / TESTS;
  console.log(`per TestCase test over an empty run: ${overhead.toFixed(2)} ms of isolation and harness (target < ${TARGET_MS_PER_TEST} ms): ${overhead < TARGET_MS_PER_TEST ? 'met' : 'MISSED'}; ${perTest.toFixed(2)} ms with the test's own two queries`);
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
