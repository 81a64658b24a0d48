#!/usr/bin/env node
// `npm run bench -- http [throughput|router|soak|instructions] [--duration=5 --rounds=3 --connections=50]`
//
// throughput (default): wrk on loopback against, taking turns in one run, the
// native server with a minimal JS handler and through the full framework
// dispatch (urlconf, Request, view, HttpResponse), the node:http adapter, Fastify,
// Express, raw node:http and nginx (`return 200`, one worker) as the ceiling;
// plaintext and JSON. Each server is pinned to one core and wrk to the other.
// Prints median requests/s, p99 latency and the ratios to Fastify and nginx, and
// server CPU time per request (steadier than req/s when the machine is shared).
//   router: the native radix router against find-my-way on one 100-route table.
//   soak:   60 s of load on the native server, RSS before and after.
//   instructions: user-space instructions per request under callgrind (instructions.js).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const load = require('../support/load');
const { writeNginxConf } = require('./nginx-conf');
const { root, mode, opt, haveTaskset, pin, stopChild, cpuMs, wrk, median } = load;
const startNode = (script, extra) => load.startNode(path.join(__dirname, 'servers', script), extra);


function ensureBuilt() {
  if (!fs.existsSync(path.join(root, 'dist', 'src', 'server', 'index.js'))) {
    process.stderr.write('dist/ is missing: run npm run build first\n');
    process.exit(1);
  }
}

function ensureTool(bin, pkg) {
  if (spawnSync('which', [bin]).status === 0) return true;
  if (process.getuid && process.getuid() === 0) {
    process.stdout.write(`installing ${pkg} (apt-get)...\n`);
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return spawnSync('which', [bin]).status === 0;
}

async function startNginx() {
  const { dir, port, conf } = writeNginxConf();
  const [cmd, cmdArgs] = pin(1, 'nginx', ['-c', conf, '-p', dir]);
  const child = spawn(cmd, cmdArgs, { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (spawnSync('curl', ['-s', '-o', '/dev/null', `http://127.0.0.1:${port}/`]).status === 0) break;
  }
  return { port, stop: () => stopChild(child), pid: child.pid };
}

// CPU time (ms) of a process and its children, from /proc: unlike requests per
// second it barely moves when other work shares the machine.
async function throughput() {
  ensureBuilt();
  if (!ensureTool('wrk', 'wrk')) throw new Error('wrk is needed (apt-get install wrk)');
  const haveNginx = ensureTool('nginx', 'nginx-light');
  const duration = opt('duration', 5);
  const rounds = opt('rounds', 3);
  const connections = opt('connections', 50);
  const peers = [
    { name: 'hyper native', start: () => startNode('native.js') },
    { name: 'hyper native, framework', start: () => startNode('framework.js') },
    { name: 'hyper node:http adapter', start: () => startNode('native.js', ['node']) },
    { name: 'fastify', start: () => startNode('fastify.js') },
    { name: 'express', start: () => startNode('express.js') },
    { name: 'raw node:http', start: () => startNode('raw-node.js') },
  ];
  if (haveNginx) peers.push({ name: 'nginx (1 worker)', start: startNginx });
  const endpoints = [
    ['plaintext', '/'],
    ['json', '/json'],
  ];
  process.stdout.write(
    `wrk -t1 -c${connections} -d${duration}s, ${rounds} rounds taking turns; ${haveTaskset ? 'server on cpu1, wrk on cpu0' : 'no pinning'}; node ${process.version}\n`,
  );
  const results = {};
  for (let round = 0; round < rounds; round++) {
    for (const peer of peers) {
      const server = await peer.start();
      try {
        for (const [ep, urlPath] of endpoints) {
          wrk(server.port, urlPath, 1, connections); // warm-up
          const cpu0 = cpuMs(server.pid);
          const r = wrk(server.port, urlPath, duration, connections);
          r.cpuUs = ((cpuMs(server.pid) - cpu0) * 1000) / r.total;
          ((results[ep] ??= {})[peer.name] ??= []).push(r);
        }
      } finally {
        await server.stop();
      }
    }
  }
  for (const [ep] of endpoints) {
    const rows = peers.map((p) => {
      const runs = results[ep][p.name];
      return { name: p.name, rps: median(runs.map((r) => r.rps)), p99: median(runs.map((r) => r.p99)), cpu: median(runs.map((r) => r.cpuUs)) };
    });
    const fastify = rows.find((r) => r.name === 'fastify');
    const nginx = rows.find((r) => r.name.startsWith('nginx'));
    process.stdout.write(`\n${ep}\n`);
    process.stdout.write(
      `${'server'.padEnd(26)}${'req/s'.padStart(10)}${'p99 ms'.padStart(9)}${'x fastify'.padStart(11)}${'% nginx'.padStart(9)}${'cpu us/req'.padStart(12)}${'fastify/cpu'.padStart(13)}${'nginx/cpu'.padStart(11)}\n`,
    );
    for (const r of rows) {
      const pct = (x) => `${(100 * x).toFixed(0)}%`;
      process.stdout.write(
        `${r.name.padEnd(26)}${r.rps.toFixed(0).padStart(10)}${r.p99.toFixed(2).padStart(9)}${(r.rps / fastify.rps).toFixed(2).padStart(11)}${nginx ? pct(r.rps / nginx.rps).padStart(9) : '      n/a'}` +
          `${r.cpu.toFixed(1).padStart(12)}${(fastify.cpu / r.cpu).toFixed(2).padStart(13)}${nginx ? pct(nginx.cpu / r.cpu).padStart(11) : '        n/a'}\n`,
      );
    }
    process.stdout.write('(cpu us/req: server CPU time per request; fastify/cpu: how many times less CPU than Fastify; nginx/cpu: nginx CPU per request as a share of this one)\n');
  }
}

async function soak() {
  ensureBuilt();
  if (!ensureTool('wrk', 'wrk')) throw new Error('wrk is needed (apt-get install wrk)');
  const duration = opt('duration', 60);
  const server = await startNode('native.js');
  const rss = () => Number(fs.readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
  try {
    wrk(server.port, '/', 2, 50); // warm-up, so lazy allocations are in the baseline
    const before = rss();
    const samples = [];
    const timer = setInterval(() => samples.push(rss()), 5000);
    const [cmd, cmdArgs] = pin(0, 'wrk', ['-t1', '-c100', `-d${duration}s`, `http://127.0.0.1:${server.port}/json`]);
    await new Promise((resolve, reject) => {
      const w = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      w.stdout.on('data', (d) => (out += d));
      w.on('exit', () => {
        const m = /Requests\/sec:\s+([\d.]+)/.exec(out);
        process.stdout.write(`soak: ${duration}s of wrk -c100 on /json: ${m ? m[1] : '?'} req/s\n`);
        resolve();
      });
      w.on('error', reject);
    });
    clearInterval(timer);
    const after = rss();
    process.stdout.write(`RSS before ${before.toFixed(1)} MiB, after ${after.toFixed(1)} MiB, samples ${samples.map((s) => s.toFixed(0)).join(' ')} MiB\n`);
  } finally {
    await server.stop();
  }
}

if (mode === 'router') require('./router-bench');
else if (mode === 'instructions') {
  ensureBuilt();
  if (!ensureTool('wrk', 'wrk') || !ensureTool('valgrind', 'valgrind')) throw new Error('wrk and valgrind are needed (apt-get install wrk valgrind)');
  require('./instructions').instructions(ensureTool('nginx', 'nginx-light')).catch((e) => { console.error(e); process.exit(1); });
}
else if (mode === 'soak') soak().catch((e) => { console.error(e); process.exit(1); });
else throughput().catch((e) => { console.error(e); process.exit(1); });
