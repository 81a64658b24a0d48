// The benchmark's database on the local PostgreSQL server: created for the run with
// TechEmpower's two tables filled (world: 10,000 rows; fortune: the 12 fortunes),
// dropped at the end; and the CPU time its server processes (the backends serving
// this database) spend, read from /proc.
'use strict';
const fs = require('node:fs');
const { Client } = require('pg');
const { CLK_TCK } = require('../support/load');

const SERVER = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

const { FORTUNES } = require('../support/fortunes');

async function createDatabase() {
  const name = `hyper_bench_te_${process.pid}`;
  const admin = new Client({ connectionString: `${SERVER}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = `${SERVER}/${name}`;
  return {
    name,
    url,
    admin,
    /** Fills the tables the project's migration created. */
    async seed() {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('INSERT INTO world (id, randomnumber) OVERRIDING SYSTEM VALUE SELECT g, 1 + floor(random() * 10000)::int FROM generate_series(1, 10000) AS g');
        await client.query('INSERT INTO fortune (id, message) OVERRIDING SYSTEM VALUE SELECT n, m FROM unnest($1::text[]) WITH ORDINALITY AS f(m, n)', [FORTUNES]);
        await client.query('VACUUM ANALYZE world');
        await client.query('VACUUM ANALYZE fortune');
      } finally {
        await client.end();
      }
    },
    /** The pids of the backends connected to this database. */
    async backends() {
      const { rows } = await admin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
      return rows.map((r) => r.pid);
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** [utime, stime] of a pid in ms, or undefined when it is gone. */
function cpuOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [(Number(rest[11]) * 1000) / CLK_TCK, (Number(rest[12]) * 1000) / CLK_TCK];
  } catch {
    return undefined;
  }
}

/** utime + stime of each pid, in ms (a pid gone meanwhile is left out). */
function cpuByPid(pids) {
  const out = new Map();
  for (const pid of pids) {
    const t = cpuOf(pid);
    if (t) out.set(pid, t[0] + t[1]);
  }
  return out;
}

/** The kernel's share (stime) of a process's CPU time and its children's, in ms. */
function systemMs(pid) {
  let ms = cpuOf(pid)?.[1] ?? 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) ms += cpuOf(Number(entry))?.[1] ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

/**
 * A meter of the database's CPU: start() snapshots every backend, stop() returns the
 * ms they spent since (a backend opened meanwhile counts from zero).
 */
function postgresMeter(db) {
  let before;
  return {
    async start() {
      before = cpuByPid(await db.backends());
    },
    async stop() {
      const after = cpuByPid(await db.backends());
      let ms = 0;
      for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
      return ms;
    },
  };
}

module.exports = { createDatabase, postgresMeter, systemMs, FORTUNES };
