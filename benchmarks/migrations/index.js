#!/usr/bin/env node
// `npm run bench -- migrations`: a generated project of 200 models in 10 apps with 400
// migrations (foreign keys across apps included), through the real CLI:
// `makemigrations --check` with nothing to do and `migrate --plan` (targets: <= 2 s each
// on this machine), then `migrate` from an empty database on the local PostgreSQL server
// (seconds per 100 migrations). Median of a few runs; node -e 0 printed as the floor.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'hyper.js');
const APPS = 10;
const MODELS = 20;
const MIGRATIONS = 40;
const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

function generate(project) {
  const appNames = Array.from({ length: APPS }, (_, i) => `app${i}`);
  for (const [i, app] of appNames.entries()) {
    const dir = path.join(project, app);
    fs.mkdirSync(path.join(dir, 'migrations'), { recursive: true });
    const extra = Array.from({ length: MODELS }, () => []);
    const migrations = [];
    const create = Array.from({ length: MODELS }, (_, m) => `    o.CreateModel({ name: 'M${m}', fields: [['id', f.BigAutoField({ primaryKey: true })], ['name', f.CharField({ maxLength: 50 })]] }),`);
    migrations.push({ name: '0001_initial', deps: [], ops: create, initial: true });
    for (let k = 2; k <= MIGRATIONS; k++) {
      const model = k % MODELS;
      const name = `${String(k).padStart(4, '0')}_m${model}_f${k}`;
      const deps = [[app, migrations[migrations.length - 1].name]];
      let op;
      if (k % 10 === 0) {
        // A foreign key to the next app's first model: a dependency across apps.
        const target = appNames[(i + 1) % APPS];
        deps.push([target, '0001_initial']);
        op = `    o.AddField({ modelName: 'M${model}', name: 'ref${k}', field: f.ForeignKey('${target}.M0', { onDelete: 'CASCADE', null: true, relatedName: '+' }) }),`;
        extra[model].push(`    ref${k}: ForeignKey('${target}.M0', { onDelete: 'CASCADE', null: true, relatedName: '+' }),`);
      } else {
        op = `    o.AddField({ modelName: 'M${model}', name: 'f${k}', field: f.IntegerField({ default: 0 }) }),`;
        extra[model].push(`    f${k}: IntegerField({ default: 0 }),`);
      }
      migrations.push({ name, deps, ops: [op] });
    }
    for (const migration of migrations) {
      const text = [
        "import { Migration, operations as o, fields as f } from 'hyperdjango/migrations';",
        '',
        'export default new Migration({',
        migration.initial ? '  initial: true,' : null,
        `  dependencies: [${migration.deps.map(([a, n]) => `['${a}', '${n}']`).join(', ')}],`,
        '  operations: [',
        ...migration.ops,
        '  ],',
        '});',
        '',
      ].filter((line) => line !== null).join('\n');
      fs.writeFileSync(path.join(dir, 'migrations', `${migration.name}.ts`), text);
    }
    const models = Array.from({ length: MODELS }, (_, m) => [
      `export class M${m} extends model({`,
      '    name: CharField({ maxLength: 50 }),',
      ...extra[m],
      '}) {}',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'models.ts'), `import { CharField, ForeignKey, IntegerField, model } from 'hyperdjango/db';\n\n${models.join('\n\n')}\n`);
  }
  const settingsFile = path.join(project, 'settings.ts');
  fs.writeFileSync(settingsFile, fs.readFileSync(settingsFile, 'utf8').replace('INSTALLED_APPS: [],', `INSTALLED_APPS: [${appNames.map((a) => `'${a}'`).join(', ')}],`));
}

function run(args, cwd, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.slice(1).join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

async function main() {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-migrations-'));
  const database = `hyper_bench_migrations_${process.pid}`;
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  try {
    run([bin, 'startproject', 'big'], workspace, process.env);
    const project = path.join(workspace, 'big');
    generate(project);
    const env = { ...process.env, DATABASE_URL: `${SERVER}/${database}` };
    const hasMakemigrations = fs.existsSync(path.join(root, 'dist', 'commands', 'makemigrations.js'));
    // One warm-up: compiles the 400 migration files and 10 models modules into .hyper/cache.
    run([bin, 'migrate', '--plan', '--skip-checks'], project, env);
    const times = { floor: [], plan: [], check: [] };
    for (let i = 0; i < RUNS; i++) {
      times.floor.push(run(['-e', '0'], project, env).ms);
      times.plan.push(run([bin, 'migrate', '--plan'], project, env).ms);
      if (hasMakemigrations) times.check.push(run([bin, 'makemigrations', '--check'], project, env).ms);
    }
    const migrate = run([bin, 'migrate'], project, env);
    const again = run([bin, 'migrate'], project, env);
    const count = APPS * MIGRATIONS;
    console.log(`${APPS} apps, ${APPS * MODELS} models, ${count} migrations; median of ${RUNS} runs (node ${process.version}, ${os.cpus().length} cores)`);
    console.log(`  node -e 0 (floor)                    ${median(times.floor).toFixed(0).padStart(6)} ms`);
    console.log(`  hyper migrate --plan                 ${median(times.plan).toFixed(0).padStart(6)} ms   target <= 2000 ms: ${median(times.plan) <= 2000 ? 'met' : 'MISSED'}`);
    if (hasMakemigrations) console.log(`  hyper makemigrations --check         ${median(times.check).toFixed(0).padStart(6)} ms   target <= 2000 ms: ${median(times.check) <= 2000 ? 'met' : 'MISSED'}`);
    else console.log('  hyper makemigrations --check         (command not built)');
    console.log(`  hyper migrate from empty (server)    ${migrate.ms.toFixed(0).padStart(6)} ms   ${((migrate.ms / 1000) * (100 / count)).toFixed(2)} s per 100 migrations`);
    console.log(`  hyper migrate with nothing to do     ${again.ms.toFixed(0).padStart(6)} ms`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
