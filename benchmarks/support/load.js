// Shared by the load benchmarks (http, web): command-line options, medians, pinning a
// process to a core, starting and stopping a server script, its CPU time, and wrk.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync, execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const mode = args.find((a) => !a.startsWith('--')) || 'throughput';
const opt = (name, def) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split('=')[1]) : def;
};

const haveTaskset = spawnSync('which', ['taskset']).status === 0 && os.cpus().length >= 2;
const pin = (cpu, cmd, cmdArgs) => (haveTaskset ? ['taskset', ['-c', String(cpu), cmd, ...cmdArgs]] : [cmd, cmdArgs]);

/** Starts a server script (a full path) pinned to core 1; it prints 'ready <port>' when listening. */
function startNode(script, extra = []) {
  const [cmd, cmdArgs] = pin(1, process.execPath, [script, '0', ...extra]);
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), stop: () => stopChild(child), pid: child.pid });
    });
    child.on('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}`)));
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  });
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
function cpuMs(pid) {
  if (!pid) return NaN;
  const pids = [pid];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  let ticks = 0;
  for (const p of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
      ticks += Number(rest[11]) + Number(rest[12]); // utime, stime
    } catch {
      // gone meanwhile
    }
  }
  return (ticks * 1000) / CLK_TCK;
}

function wrk(port, urlPath, duration, connections) {
  const [cmd, cmdArgs] = pin(0, 'wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', `http://127.0.0.1:${port}${urlPath}`]);
  const out = execFileSync(cmd, cmdArgs, { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const p99m = /99%\s+([\d.]+)(us|ms|s)\b/.exec(out);
  const p99 = p99m ? Number(p99m[1]) * (p99m[2] === 'us' ? 0.001 : p99m[2] === 's' ? 1000 : 1) : NaN;
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (errors) throw new Error(`non-2xx responses from port ${port}: ${errors[1]}`);
  const total = Number((/(\d+) requests in/.exec(out) || [])[1]);
  return { rps, p99, total };
}

/** A port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve) => {
    const server = require('node:net').createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `urlPath` until it answers 200 (every 50 ms, for up to `timeoutMs`). */
async function waitUp(port, urlPath, timeoutMs = 10000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}${urlPath}`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing answered on port ${port}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

module.exports = { root, args, mode, opt, haveTaskset, pin, startNode, stopChild, CLK_TCK, cpuMs, wrk, median, freePort, waitUp };
