#!/usr/bin/env node
// `npm run bench -- cache` (after `npm run build`; Redis at 127.0.0.1:6379 and PostgreSQL
// at TEST_POSTGRES_URL): get and set of a small object through each cache backend against
// the raw client doing the same work (JSON text under a key, with an expiry): lru-cache for
// local memory, node-redis for Redis, pg for the database cache (in a database of its own,
// dropped after). One run, side by side; prints median ops/s and ratios.
'use strict';
const { Client, Pool } = require('pg');
const { LRUCache } = require('lru-cache');
const { createClient } = require('@redis/client');
const { configure } = require('../../dist/src/conf/settings');
const { createCache } = require('../../dist/src/cache');
const { connections } = require('../../dist/src/db');
const { ROUNDS, fmt, compareOps } = require('../support/ops');
const { startNode, wrk, median, waitUp } = require('../support/load');
const path = require('node:path');

const ROUND_MS = Number(process.env.BENCH_ROUND_MS || 300);
const SERVER = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const value = { id: 42, title: 'Hello, world', tags: ['a', 'b', 'c'], score: 3.5 };
const PREFIX = `bench-${process.pid}`;

async function main() {
  const dbName = `hyper_bench_cache_${process.pid}`;
  const admin = new Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(SERVER);
  url.pathname = `/${dbName}`;
  configure({ DATABASES: { default: url.toString() } });
  const rows = [];
  try {
    // Local memory.
    const locmem = createCache('default', { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: 'bench', OPTIONS: { MAX_ENTRIES: 10000 } });
    const lru = new LRUCache({ max: 10000, maxSize: 32 * 1024 * 1024, sizeCalculation: (v, k) => v.length + k.length });
    await locmem.set('k', value);
    lru.set(':1:k', JSON.stringify(value), { ttl: 300000 });
    rows.push(['locmem get', await compareOps({ hyper: () => locmem.get('k'), peer: () => JSON.parse(lru.get(':1:k')) }, { roundMs: ROUND_MS, batch: 200, warmup: 2000 }), 'lru-cache']);
    rows.push(['locmem set', await compareOps({ hyper: () => locmem.set('k', value), peer: () => lru.set(':1:k', JSON.stringify(value), { ttl: 300000 }) }, { roundMs: ROUND_MS, batch: 200, warmup: 2000 }), 'lru-cache']);

    // Redis.
    const redisCache = createCache('default', { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:6379/0', KEY_PREFIX: PREFIX });
    const raw = createClient({ url: 'redis://127.0.0.1:6379/0' });
    raw.on('error', () => undefined);
    await raw.connect();
    await redisCache.set('k', value);
    const rawKey = `${PREFIX}:1:k`;
    rows.push(['redis get', await compareOps({ hyper: () => redisCache.get('k'), peer: async () => JSON.parse(await raw.get(rawKey)) }, { roundMs: ROUND_MS, batch: 20, warmup: 200 }), 'node-redis']);
    rows.push(['redis set', await compareOps({ hyper: () => redisCache.set('k', value), peer: () => raw.set(rawKey, JSON.stringify(value), { expiration: { type: 'PX', value: 300000 } }) }, { roundMs: ROUND_MS, batch: 20, warmup: 200 }), 'node-redis']);
    await redisCache.clear();
    await redisCache.close();
    await raw.close();

    // The database cache.
    const dbCache = createCache('default', { BACKEND: 'hyperdjango.cache.DatabaseCache', LOCATION: 'bench_cache', OPTIONS: { MAX_ENTRIES: 10000 } });
    await dbCache.createTable();
    await dbCache.set('k', value);
    const pool = new Pool({ connectionString: url.toString(), max: 10 });
    pool.on('error', () => undefined);
    const select = 'SELECT value FROM "bench_cache" WHERE cache_key = $1 AND expires > now()';
    const upsert = 'INSERT INTO "bench_cache" (cache_key, value, expires) VALUES ($1, $2, now() + interval \'300 seconds\') ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires';
    rows.push(['database get', await compareOps({ hyper: () => dbCache.get('k'), peer: async () => JSON.parse((await pool.query(select, [':1:k'])).rows[0].value) }, { roundMs: ROUND_MS, batch: 10, warmup: 100 }), 'pg']);
    rows.push(['database set', await compareOps({ hyper: () => dbCache.set('k', value), peer: () => pool.query(upsert, [':1:k', JSON.stringify(value)]) }, { roundMs: ROUND_MS, batch: 10, warmup: 100 }), 'pg']);
    await pool.end();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await connections.closeAll();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  console.log(`node ${process.version}; ${ROUNDS} rounds of ${ROUND_MS} ms, median ops/s (one caller, each call awaited)`);
  console.log('case'.padEnd(16), 'hyper'.padStart(12), 'raw client'.padStart(12), 'client'.padStart(12), 'ratio'.padStart(8));
  for (const [name, { hyper, peer }, client] of rows) console.log(name.padEnd(16), fmt(hyper).padStart(12), fmt(peer).padStart(12), client.padStart(12), `${(hyper / peer).toFixed(2)}x`.padStart(8));
  await viewThroughput();
}

/** req/s of a template page through cachePage() against the same view uncached (wrk, one server process). */
async function viewThroughput() {
  const server = await startNode(path.join(__dirname, 'view-server.js'));
  try {
    await waitUp(server.port, '/cached/');
    const rates = { plain: [], cached: [] };
    for (let round = 0; round < 3; round++) {
      for (const name of round % 2 ? ['cached', 'plain'] : ['plain', 'cached']) rates[name].push(wrk(server.port, `/${name}/`, 3, 32).rps);
    }
    const plain = median(rates.plain);
    const cached = median(rates.cached);
    console.log(`\ntemplate page (200 rows), wrk -c32 3 s x 3 rounds, median req/s: uncached ${fmt(plain)}, cachePage ${fmt(cached)}, ${(cached / plain).toFixed(2)}x`);
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
