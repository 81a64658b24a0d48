#!/usr/bin/env node
// `npm run bench -- orm [--rounds N]`: the ORM beside raw `pg` and Kysely alone, on the
// local PostgreSQL (127.0.0.1:5432), in one run. (a) QuerySet -> SQL for a cached shape
// and uncached; (b) get by primary key, 1,000 rows into model instances, bulkCreate of
// 10,000 rows, and a filter + join + orderBy page. Each round runs the three in a rotating
// order; medians and ratios.
'use strict';
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const { Client, Pool } = require('pg');
const { Kysely, PostgresDialect } = require('kysely');
const orm = require(path.join(root, 'dist', 'src', 'orm'));
const { configure } = require(path.join(root, 'dist', 'src', 'conf', 'settings'));

const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DB = `hyper_bench_${process.pid}`;
const roundsFlag = process.argv.indexOf('--rounds');
const ROUNDS = roundsFlag === -1 ? 7 : Number(process.argv[roundsFlag + 1]);

class Author extends orm.model({ username: orm.CharField({ maxLength: 50 }) }, { appLabel: 'bench' }) {}
class Post extends orm.model(
  {
    title: orm.CharField({ maxLength: 200 }),
    views: orm.IntegerField({ default: 0 }),
    published: orm.BooleanField({ default: true }),
    author: orm.ForeignKey(() => Author, { onDelete: 'CASCADE' }),
  },
  { appLabel: 'bench' },
) {}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

async function time(iterations, fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

function syncRate(iterations, fn) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return iterations / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main() {
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB}`);
  const url = `${SERVER}/${DB}`;
  configure({ SECRET_KEY: 'bench', DATABASES: { default: url } });
  const pool = new Pool({ connectionString: url, max: 10 });
  const kysely = new Kysely({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url, max: 10 }) }) });
  try {
    await orm.createTables([Author, Post]);
    const authors = await Author.objects.bulkCreate(Array.from({ length: 100 }, (_, i) => new Author({ username: `${i % 2 ? 'a' : 'b'}user${i}` })));
    await Post.objects.bulkCreate(Array.from({ length: 20000 }, (_, i) => new Post({ title: `post ${i}`, views: (i * 7919) % 10000, author: authors[i % 100] })));
    await pool.query('ANALYZE');

    // (a) compiling
    const prebuilt = Array.from({ length: 100000 }, (_, i) => Post.objects.filter({ id: i, published: true }).orderBy('-views').slice(0, 20));
    prebuilt[0].toSQL();
    const compile = [];
    const build = [];
    const uncached = [];
    // Each kind's rounds run together, so that one kind's garbage (100,000 QuerySets
    // built, 5,000 shapes compiled) is not collected during another's measurement.
    for (let round = 0; round < ROUNDS; round++) compile.push(syncRate(prebuilt.length, (i) => prebuilt[i].toSQL()));
    for (let round = 0; round < ROUNDS; round++) build.push(syncRate(100000, (i) => Post.objects.filter({ id: i, published: true }).orderBy('-views').slice(0, 20).toSQL()));
    for (let round = 0; round < ROUNDS; round++) uncached.push(syncRate(5000, (i) => { orm.clearShapeCache(); Post.objects.filter({ id: i, published: true }).orderBy('-views').slice(0, 20).toSQL(); }));
    console.log(`QuerySet -> SQL, median of ${ROUNDS} rounds`);
    console.log(`  cached shape, QuerySet built:        ${Math.round(median(compile)).toLocaleString('en')} per second  (target >= 1,000,000)`);
    console.log(`  cached shape, filter() + toSQL():     ${Math.round(median(build)).toLocaleString('en')} per second`);
    console.log(`  uncached (compiled through Kysely):   ${Math.round(median(uncached)).toLocaleString('en')} per second`);

    // (b) against raw pg and Kysely
    const columns = 'id, title, views, published, author_id';
    const cases = {
      'get by primary key': {
        iterations: 2000,
        target: 1.15,
        raw: (i) => pool.query(`SELECT ${columns} FROM bench_post WHERE id = $1`, [(i % 20000) + 1]).then((r) => r.rows[0]),
        kysely: (i) => kysely.selectFrom('bench_post').select(['id', 'title', 'views', 'published', 'author_id']).where('id', '=', (i % 20000) + 1).executeTakeFirst(),
        orm: (i) => Post.objects.get({ pk: (i % 20000) + 1 }),
      },
      '1,000 rows into instances': {
        iterations: 100,
        target: 1.5,
        raw: () => pool.query(`SELECT ${columns} FROM bench_post ORDER BY id LIMIT 1000`).then((r) => r.rows),
        kysely: () => kysely.selectFrom('bench_post').select(['id', 'title', 'views', 'published', 'author_id']).orderBy('id').limit(1000).execute(),
        orm: () => Post.objects.orderBy('id').slice(0, 1000),
      },
      'bulkCreate of 10,000 rows': {
        iterations: 3,
        target: 1.2,
        raw: async () => {
          // The same batching as bulkCreate: as many rows as fit in 65,535 parameters.
          const rows = Array.from({ length: 10000 }, (_, i) => [`new ${i}`, i, true, (i % 100) + 1]);
          for (let start = 0; start < rows.length; start += 13107) {
            const batch = rows.slice(start, start + 13107);
            const values = batch.map((_, r) => `($${r * 4 + 1}, $${r * 4 + 2}, $${r * 4 + 3}, $${r * 4 + 4})`).join(', ');
            await pool.query(`INSERT INTO bench_post (title, views, published, author_id) VALUES ${values} RETURNING id`, batch.flat());
          }
        },
        kysely: async () => {
          const rows = Array.from({ length: 10000 }, (_, i) => ({ title: `new ${i}`, views: i, published: true, author_id: (i % 100) + 1 }));
          for (let start = 0; start < rows.length; start += 13107) await kysely.insertInto('bench_post').values(rows.slice(start, start + 13107)).returning('id').execute();
        },
        orm: () => Post.objects.bulkCreate(Array.from({ length: 10000 }, (_, i) => new Post({ title: `new ${i}`, views: i, authorId: (i % 100) + 1 }))),
      },
      'filter + join + orderBy page': {
        iterations: 50,
        target: 1.2,
        raw: (i) =>
          pool
            .query(
              `SELECT p.id, p.title, p.views, p.published, p.author_id, a.id AS a_id, a.username FROM bench_post p INNER JOIN bench_author a ON a.id = p.author_id WHERE p.views >= $1 AND a.username LIKE $2 ORDER BY p.views DESC LIMIT 20`,
              [i % 5000, 'a%'],
            )
            .then((r) => r.rows),
        kysely: (i) =>
          kysely
            .selectFrom('bench_post as p')
            .innerJoin('bench_author as a', 'a.id', 'p.author_id')
            .select(['p.id', 'p.title', 'p.views', 'p.published', 'p.author_id', 'a.id as a_id', 'a.username'])
            .where('p.views', '>=', i % 5000)
            .where('a.username', 'like', 'a%')
            .orderBy('p.views', 'desc')
            .limit(20)
            .execute(),
        orm: (i) => Post.objects.selectRelated('author').filter({ views__gte: i % 5000, author__username__startswith: 'a' }).orderBy('-views').slice(0, 20),
      },
    };
    console.log(`\nagainst raw pg on the same queries (ms per operation, median of ${ROUNDS} rounds; lower is better)`);
    console.log(`${'case'.padEnd(30)} ${'raw pg'.padStart(9)} ${'Kysely'.padStart(9)} ${'ORM'.padStart(9)} ${'Kysely/pg'.padStart(10)} ${'ORM/pg'.padStart(8)}  target`);
    for (const [name, spec] of Object.entries(cases)) {
      const times = { raw: [], kysely: [], orm: [] };
      for (const key of Object.keys(times)) await time(Math.min(spec.iterations, 20), spec[key]);
      // The order rotates each round: a write leaves work (WAL, index pages) for whatever runs after it.
      const keys = Object.keys(times);
      for (let round = 0; round < ROUNDS; round++) {
        for (let turn = 0; turn < keys.length; turn++) {
          const key = keys[(round + turn) % keys.length];
          times[key].push(await time(spec.iterations, spec[key]));
        }
      }
      const [raw, ky, mine] = [median(times.raw), median(times.kysely), median(times.orm)];
      const ratio = mine / raw;
      console.log(
        `${name.padEnd(30)} ${raw.toFixed(3).padStart(9)} ${ky.toFixed(3).padStart(9)} ${mine.toFixed(3).padStart(9)} ${(ky / raw).toFixed(2).padStart(9)}x ${ratio.toFixed(2).padStart(7)}x  <= ${spec.target}x: ${ratio <= spec.target ? 'met' : 'MISSED'}`,
      );
    }
  } finally {
    await kysely.destroy();
    await pool.end();
    await orm.connections.closeAll();
    await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
