#!/usr/bin/env node
// `npm run bench -- techempower [--duration=5 --rounds=3 --connections=50 --tests=db,fortunes --instructions=0]`
//
// TechEmpower's six tests (json, plaintext, db, queries=20, fortunes, updates=20)
// against three servers in one run, on one database of the local PostgreSQL server
// (created for the run, dropped at the end): a project scaffolded by the real CLI
// (startproject, startapp, a World and a Fortune model, makemigrations, migrate)
// served by `hyper serve --workers 1`; Fastify + pg (+ eta) with one process; Django
// (Debian's python3-django) under gunicorn with one sync worker. The servers share
// core 1, wrk (-t1) runs on core 0, the servers take turns in a rotating order each
// round. Prints median req/s, p99, the ratios, and the CPU time per request of the
// server (children included; of which the kernel's) and of the PostgreSQL backends
// serving the database.
// Then, unless --instructions=0, the user-space instructions per request of hyper's
// server and of Fastify + pg for db and fortunes, counted by callgrind (see
// benchmarks/http/instructions.js): unlike req/s, they do not move with the load.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const load = require('../support/load');
const { root, args, opt, haveTaskset, pin, stopChild, cpuMs, wrk, median, freePort, waitUp } = load;
const { createDatabase, postgresMeter, systemMs } = require('./database');
const { createProject, hyper } = require('./project');
const { ensureDjango, createDjangoProject } = require('./django');
const { checkResponses } = require('./check');

// Under callgrind the server runs some 50x slower: fewer connections keep requests
// within wrk's 2 s timeout (a request over it is not counted).
const CALLGRIND_CONNECTIONS = 8;
const CALLGRIND_WARMUP_REQUESTS = 10000;

const TESTS = {
  json: '/json',
  plaintext: '/plaintext',
  db: '/db',
  queries: '/queries?queries=20',
  fortunes: '/fortunes',
  updates: '/updates?queries=20',
};

function ensureTool(bin, pkg) {
  if (spawnSync('which', [bin]).status === 0) return true;
  if (process.getuid && process.getuid() === 0) {
    process.stdout.write(`installing ${pkg} (apt-get)...\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'ignore', env });
  }
  return spawnSync('which', [bin]).status === 0;
}

/** Runs a command pinned to core 1 and waits until /json answers. */
async function startPinned(name, command, port, options) {
  const [cmd, cmdArgs] = pin(1, command[0], command[1]);
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'ignore', 'inherit'], ...options });
  const exited = new Promise((_, reject) => child.on('exit', (code) => reject(new Error(`${name} exited with ${code} before it answered`))));
  await Promise.race([waitUp(port, '/json', 60000), exited]);
  child.removeAllListeners('exit');
  return { name, port, pid: child.pid, stop: () => stopChild(child) };
}

function parseTests() {
  const hit = args.find((a) => a.startsWith('--tests='));
  const names = hit ? hit.slice('--tests='.length).split(',').filter(Boolean) : Object.keys(TESTS);
  const unknown = names.filter((n) => !(n in TESTS));
  if (unknown.length) {
    process.stderr.write(`unknown test ${unknown.join(', ')}: --tests takes a comma-separated list of ${Object.keys(TESTS).join(', ')}\n`);
    process.exit(2);
  }
  return names;
}

/**
 * `hyper serve --workers 1`'s worker under callgrind, run the way its pool runs it
 * (HYPER_WORKER, the listening socket inherited as fd 3, bound here as the pool binds
 * it) but without the pool, whose 10 s start-up limit a worker under valgrind overruns.
 */
async function hyperUnderCallgrind(outDir, site, env) {
  const { callgrind } = require('../http/instructions');
  const { loadNativeAddon } = require(path.join(root, 'dist', 'src', 'server', 'binding'));
  const port = await freePort();
  const fd = loadNativeAddon().NativeServer.bindSocket('127.0.0.1', port, false, 511);
  if (typeof fd === 'string') throw new Error(`cannot bind 127.0.0.1:${port}: ${fd}`);
  const child = callgrind(outDir, process.execPath, [hyper, 'serve', `127.0.0.1:${port}`, '--workers', '1'], {
    cwd: site,
    env: { ...env, HYPER_WORKER: '1', HYPER_LISTEN_FD: '3' },
    stdio: ['ignore', 'ignore', 'ignore', fd],
  });
  fs.closeSync(fd);
  return { child, port };
}

async function fastifyUnderCallgrind(outDir, databaseUrl) {
  const { callgrind } = require('../http/instructions');
  const port = await freePort();
  const child = callgrind(outDir, process.execPath, [path.join(__dirname, 'servers', 'fastify.js'), String(port), databaseUrl], { stdio: 'ignore' });
  return { child, port };
}

/** User-space instructions per request of a server started under callgrind (PostgreSQL's not counted). */
async function instructionsPerRequest(start, urlPath, seconds, connections) {
  const { totalInstructions } = require('../http/instructions');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-cg-'));
  const { child, port } = await start(outDir);
  try {
    await waitUp(port, '/json', 300000);
    // Warm-up by requests, not by time: under callgrind and a loaded machine a few
    // seconds are a few hundred requests, and the JIT's compiling would be counted.
    const warmStart = Date.now();
    for (let warmed = 0; warmed < CALLGRIND_WARMUP_REQUESTS && Date.now() - warmStart < 180000; ) warmed += wrk(port, urlPath, 5, connections).total;
    execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'ignore' });
    const { total } = wrk(port, urlPath, seconds, connections);
    if (!(total > 0)) throw new Error(`no ${urlPath} request answered under callgrind in ${seconds} s`);
    execFileSync('callgrind_control', ['-i', 'off', String(child.pid)], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    return (await totalInstructions(outDir)) / total;
  } finally {
    await stopChild(child);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function main() {
  if (!fs.existsSync(path.join(root, 'dist', 'commands', 'serve.js'))) throw new Error('dist/ is missing: run npm run build first');
  if (!ensureTool('wrk', 'wrk')) throw new Error('wrk is needed (apt-get install wrk)');
  const duration = opt('duration', 5);
  const rounds = opt('rounds', 3);
  const connections = opt('connections', 50);
  const withInstructions = opt('instructions', 1) !== 0;
  const tests = parseTests();
  const django = ensureDjango();
  if (!django) process.stdout.write('Django is not installed (apt-get install -y python3-django gunicorn python3-psycopg2): compared without it\n');

  const db = await createDatabase();
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-te-')));
  const servers = [];
  // Interrupted (Ctrl-C), the run still stops its servers and drops its database.
  const interrupted = () => void Promise.all(servers.map((s) => s.stop())).then(() => db.drop()).finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const site = createProject(dir, db.url);
    await db.seed();
    const env = { ...process.env, DEBUG: 'false', DATABASE_URL: db.url };

    let port = await freePort();
    servers.push(await startPinned('hyper', [process.execPath, [hyper, 'serve', `127.0.0.1:${port}`, '--workers', '1']], port, { cwd: site, env }));
    port = await freePort();
    servers.push(await startPinned('fastify + pg', [process.execPath, [path.join(__dirname, 'servers', 'fastify.js'), String(port), db.url]], port, {}));
    if (django) {
      port = await freePort();
      const djangoDir = path.join(dir, 'django');
      servers.push(await startPinned('django', createDjangoProject(djangoDir, db.url, 1)(port), port, {}));
    }
    for (const server of servers) await checkResponses(server, TESTS);

    process.stdout.write(
      `techempower: ${tests.join(', ')}; wrk -t1 -c${connections} -d${duration}s, ${rounds} rounds taking turns after a 1 s warm-up; ` +
        `${haveTaskset ? 'servers on cpu1, wrk on cpu0, PostgreSQL unpinned' : 'no pinning'}; node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`,
    );
    const results = {};
    for (const test of tests) {
      for (const server of servers) wrk(server.port, TESTS[test], 1, connections); // warm-up
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < servers.length; i++) {
          const server = servers[(i + round) % servers.length];
          const meter = postgresMeter(db);
          await meter.start();
          const cpu0 = cpuMs(server.pid);
          const sys0 = systemMs(server.pid);
          const r = wrk(server.port, TESTS[test], duration, connections);
          r.cpuUs = ((cpuMs(server.pid) - cpu0) * 1000) / r.total;
          r.sysUs = ((systemMs(server.pid) - sys0) * 1000) / r.total;
          r.pgUs = ((await meter.stop()) * 1000) / r.total;
          ((results[test] ??= {})[server.name] ??= []).push(r);
        }
      }
      printTest(test, servers, results[test]);
    }

    const counted = tests.filter((t) => t === 'db' || t === 'fortunes');
    if (withInstructions && counted.length) {
      for (const server of servers) await server.stop();
      servers.length = 0;
      if (!ensureTool('valgrind', 'valgrind')) process.stdout.write('\nvalgrind is not installed (apt-get install valgrind): instructions per request skipped\n');
      else {
        process.stdout.write(`\nuser-space instructions per request under callgrind (wrk -t1 -c${CALLGRIND_CONNECTIONS} -d${duration}s after ${CALLGRIND_WARMUP_REQUESTS.toLocaleString('en-US')} requests of warm-up; PostgreSQL not counted)\n`);
        process.stdout.write(`${'test'.padEnd(10)}${'hyper'.padStart(12)}${'fastify + pg'.padStart(14)}${'fastify/hyper'.padStart(15)}\n`);
        for (const test of counted) {
          const ours = await instructionsPerRequest((outDir) => hyperUnderCallgrind(outDir, site, env), TESTS[test], duration, CALLGRIND_CONNECTIONS);
          const theirs = await instructionsPerRequest((outDir) => fastifyUnderCallgrind(outDir, db.url), TESTS[test], duration, CALLGRIND_CONNECTIONS);
          const fmt = (n) => Math.round(n).toLocaleString('en-US');
          process.stdout.write(`${test.padEnd(10)}${fmt(ours).padStart(12)}${fmt(theirs).padStart(14)}${`${(theirs / ours).toFixed(2)}x`.padStart(15)}\n`);
        }
      }
    }
  } finally {
    for (const server of servers) await server.stop();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function printTest(test, servers, runs) {
  const rows = servers.map((s) => {
    const r = runs[s.name];
    return { name: s.name, rps: median(r.map((x) => x.rps)), p99: median(r.map((x) => x.p99)), cpu: median(r.map((x) => x.cpuUs)), sys: median(r.map((x) => x.sysUs)), pg: median(r.map((x) => x.pgUs)) };
  });
  const by = (name) => rows.find((r) => r.name === name);
  const fastify = by('fastify + pg');
  const django = by('django');
  const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}x` : 'n/a');
  process.stdout.write(`\n${test} (${TESTS[test]})\n`);
  process.stdout.write(
    `${'server'.padEnd(15)}${'req/s'.padStart(10)}${'p99 ms'.padStart(10)}${'x fastify'.padStart(11)}${'x django'.padStart(10)}${'server us/req'.padStart(15)}${'(kernel)'.padStart(10)}${'postgres us/req'.padStart(17)}${'server share'.padStart(14)}\n`,
  );
  for (const r of rows) {
    const share = r.cpu + r.pg > 0 ? `${((100 * r.cpu) / (r.cpu + r.pg)).toFixed(0)}%` : 'n/a';
    process.stdout.write(
      `${r.name.padEnd(15)}${r.rps.toFixed(0).padStart(10)}${r.p99.toFixed(2).padStart(10)}${ratio(r.rps, fastify?.rps).padStart(11)}${ratio(r.rps, django?.rps).padStart(10)}` +
        `${r.cpu.toFixed(1).padStart(15)}${r.sys.toFixed(1).padStart(10)}${r.pg.toFixed(1).padStart(17)}${share.padStart(14)}\n`,
    );
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
