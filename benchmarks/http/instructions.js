// `npm run bench -- http instructions`: user-space instructions per request, counted
// by callgrind while wrk loads each server (the native server, the node:http
// adapter, Fastify, raw node:http, nginx with one process). Unlike requests per
// second these counts do not move with the machine's other load, so they show
// what a change to the request path costs. The kernel's share (most of a
// request's CPU on loopback, see docs/benchmarks.md "http") is not counted.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const { pin, stopChild, wrk, opt } = require('../support/load');
const { writeNginxConf } = require('./nginx-conf');

const SERVERS = path.join(__dirname, 'servers');

/** `cmd` under callgrind on core 1, counting nothing until told. */
function callgrind(outDir, cmd, cmdArgs, spawnOptions = {}) {
  const vg = ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${path.join(outDir, 'cg.%p')}`, cmd, ...cmdArgs];
  const [c, a] = pin(1, 'valgrind', vg);
  return spawn(c, a, { stdio: ['ignore', 'pipe', 'ignore'], ...spawnOptions });
}

function waitReady(child, probe) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = probe
      ? setInterval(() => {
          if (spawnSync('curl', ['-s', '-o', '/dev/null', probe.url]).status === 0) done(probe.port);
        }, 500)
      : undefined;
    const done = (port) => {
      clearInterval(timer);
      resolve(port);
    };
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) done(Number(m[1]));
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code} before it was ready`));
    });
  });
}

function nodeServer(script, extra = []) {
  return nodeScript(path.join(SERVERS, script), extra);
}

/** A server script (a full path) under callgrind; it prints 'ready <port>' when listening. */
function nodeScript(file, extra = []) {
  return (outDir) => {
    const child = callgrind(outDir, process.execPath, [file, '0', ...extra]);
    return waitReady(child).then((port) => ({ child, port }));
  };
}

function nginxServer(outDir) {
  const { dir, port, conf } = writeNginxConf({ singleProcess: true });
  const child = callgrind(outDir, 'nginx', ['-c', conf, '-p', dir]);
  return waitReady(child, { url: `http://127.0.0.1:${port}/`, port }).then(() => ({ child, port }));
}

/** The instructions callgrind counted while collection was on (its dumps' largest total). */
async function totalInstructions(outDir) {
  for (let wait = 0; wait < 100; wait++) {
    let best = 0;
    for (const f of fs.readdirSync(outDir)) {
      for (const m of fs.readFileSync(path.join(outDir, f), 'utf8').matchAll(/^totals: (\d+)/gm)) best = Math.max(best, Number(m[1]));
    }
    if (best > 0) return best;
    await new Promise((r) => setTimeout(r, 100)); // the dump is written after callgrind_control returns
  }
  throw new Error(`callgrind wrote no totals in ${outDir}`);
}

/** Instructions per request; `counted(requests)` learns how many requests the count is over. */
async function measure(start, urlPath, seconds, counted) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-cg-'));
  const { child, port } = await start(outDir);
  try {
    wrk(port, urlPath, seconds, 50); // warm-up: the JIT settles before counting starts
    execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { stdio: 'ignore' });
    const { total } = wrk(port, urlPath, seconds, 50);
    execFileSync('callgrind_control', ['-i', 'off', String(child.pid)], { stdio: 'ignore' });
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    counted?.(total);
    return (await totalInstructions(outDir)) / total;
  } finally {
    await stopChild(child);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function instructions(haveNginx) {
  const seconds = opt('duration', 4);
  const peers = [
    ['hyper native', nodeServer('native.js')],
    ['hyper native, framework', nodeServer('framework.js')],
    ['hyper node:http adapter', nodeServer('native.js', ['node'])],
    ['fastify', nodeServer('fastify.js')],
    ['raw node:http', nodeServer('raw-node.js')],
  ];
  if (haveNginx) peers.push(['nginx (1 process)', nginxServer]);
  process.stdout.write(`user-space instructions per request under callgrind, wrk -t1 -c50 -d${seconds}s after a ${seconds}s warm-up; node ${process.version}\n`);
  for (const [ep, urlPath] of [['plaintext', '/'], ['json', '/json']]) {
    const rows = [];
    for (const [name, start] of peers) rows.push({ name, ir: await measure(start, urlPath, seconds) });
    const fastify = rows.find((r) => r.name === 'fastify').ir;
    const nginx = rows.find((r) => r.name.startsWith('nginx'));
    process.stdout.write(`\n${ep}\n${'server'.padEnd(26)}${'instr/req'.padStart(11)}${'fastify/this'.padStart(14)}${'this/nginx'.padStart(12)}\n`);
    for (const r of rows) {
      const vsNginx = nginx ? `${(r.ir / nginx.ir).toFixed(2)}x` : 'n/a';
      process.stdout.write(`${r.name.padEnd(26)}${r.ir.toFixed(0).padStart(11)}${(fastify / r.ir).toFixed(2).padStart(14)}${vsNginx.padStart(12)}\n`);
    }
  }
}

module.exports = { instructions, measure, nodeScript, callgrind, totalInstructions };
