#!/usr/bin/env node
// `npm run bench -- web [throughput|reload] [--duration=5 --rounds=3 --connections=50 --reloads=10]`
//
// throughput (default): a JSON view (/api/items/<int:id>/?q=x) through the
// default middleware stack (security + common: host validation, security
// headers, URL resolution, Request/JsonResponse) against Fastify doing the same
// work with equivalent hooks (onRequest host check, onSend security headers).
// wrk on loopback, server pinned to cpu1 and wrk to cpu0, rounds taking turns;
// prints median req/s, p99 and server CPU time per request (steadier than req/s
// on a shared machine), with the ratios to Fastify.
// reload: `hyper runserver` on a new project; saves urls.ts with a new value and
// polls until the new value is served; median (and min/max) of --reloads saves.
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
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (!fs.existsSync(path.join(root, 'dist', 'src', 'http', 'index.js'))) {
  process.stderr.write('dist/ is missing: run npm run build first\n');
  process.exit(1);
}

const haveTaskset = spawnSync('which', ['taskset']).status === 0 && os.cpus().length >= 2;
const pin = (cpu, cmd, cmdArgs) => (haveTaskset ? ['taskset', ['-c', String(cpu), cmd, ...cmdArgs]] : [cmd, cmdArgs]);

function startServer(script, extra = []) {
  const [cmd, cmdArgs] = pin(1, process.execPath, [path.join(__dirname, 'servers', script), '0', ...extra]);
  const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), pid: child.pid, stop: () => stopChild(child) });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
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
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

function wrk(port, urlPath, duration, connections) {
  const [cmd, cmdArgs] = pin(0, 'wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', `http://127.0.0.1:${port}${urlPath}`]);
  const out = execFileSync(cmd, cmdArgs, { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
  const p99m = /99%\s+([\d.]+)(us|ms|s)\b/.exec(out);
  const p99 = p99m ? Number(p99m[1]) * (p99m[2] === 'us' ? 0.001 : p99m[2] === 's' ? 1000 : 1) : NaN;
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  if (errors) throw new Error(`non-2xx responses from port ${port}: ${errors[1]}`);
  return { rps, p99, total: Number((/(\d+) requests in/.exec(out) || [])[1]) };
}

async function throughput() {
  if (spawnSync('which', ['wrk']).status !== 0) throw new Error('wrk is needed (apt-get install wrk)');
  const duration = opt('duration', 5);
  const rounds = opt('rounds', 3);
  const connections = opt('connections', 50);
  const urlPath = '/api/items/42/?q=x';
  const peers = [
    { name: 'hyper (native adapter)', start: () => startServer('hyper.js', ['native']) },
    { name: 'hyper (node adapter)', start: () => startServer('hyper.js', ['node']) },
    { name: 'fastify', start: () => startServer('fastify.js') },
  ];
  process.stdout.write(`JSON view ${urlPath} through the default middleware stack; wrk -t1 -c${connections} -d${duration}s, ${rounds} rounds; ${haveTaskset ? 'server on cpu1, wrk on cpu0' : 'no pinning'}; node ${process.version}\n`);
  const results = {};
  for (let round = 0; round < rounds; round++) {
    for (const peer of peers) {
      const server = await peer.start();
      try {
        wrk(server.port, urlPath, 1, connections); // warm-up
        const cpu0 = cpuMs(server.pid);
        const r = wrk(server.port, urlPath, duration, connections);
        r.cpuUs = ((cpuMs(server.pid) - cpu0) * 1000) / r.total;
        (results[peer.name] ??= []).push(r);
      } finally {
        await server.stop();
      }
    }
  }
  const rows = peers.map((p) => {
    const runs = results[p.name];
    return { name: p.name, rps: median(runs.map((r) => r.rps)), p99: median(runs.map((r) => r.p99)), cpu: median(runs.map((r) => r.cpuUs)) };
  });
  const fastify = rows.find((r) => r.name === 'fastify');
  process.stdout.write(`\n${'server'.padEnd(26)}${'req/s'.padStart(10)}${'p99 ms'.padStart(9)}${'x fastify'.padStart(11)}${'cpu us/req'.padStart(12)}${'fastify/cpu'.padStart(13)}\n`);
  for (const r of rows) {
    process.stdout.write(`${r.name.padEnd(26)}${r.rps.toFixed(0).padStart(10)}${r.p99.toFixed(2).padStart(9)}${(r.rps / fastify.rps).toFixed(2).padStart(11)}${r.cpu.toFixed(1).padStart(12)}${(fastify.cpu / r.cpu).toFixed(2).padStart(13)}\n`);
  }
}

async function reload() {
  const reloads = opt('reloads', 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-reload-'));
  const hyper = path.join(root, 'bin', 'hyper.js');
  execFileSync(process.execPath, [hyper, 'startproject', 'site'], { cwd: dir, stdio: 'ignore' });
  const project = path.join(dir, 'site');
  const urls = (v) => `import { path } from 'hyperdjango/urls';\nimport { HttpResponse } from 'hyperdjango/http';\nexport const urlpatterns = [path('', () => new HttpResponse('v${v}'))];\n`;
  fs.writeFileSync(path.join(project, 'urls.ts'), urls(0));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [hyper, 'runserver', `127.0.0.1:${port}`], { cwd: project, stdio: 'ignore' });
  const fetchText = async () => {
    try {
      return await (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) })).text();
    } catch {
      return '';
    }
  };
  try {
    for (let i = 0; i < 200 && (await fetchText()) !== 'v0'; i++) await new Promise((r) => setTimeout(r, 50));
    const times = [];
    for (let v = 1; v <= reloads; v++) {
      await new Promise((r) => setTimeout(r, 1000)); // saves a second apart, as an editing user makes them
      const t0 = performance.now();
      fs.writeFileSync(path.join(project, 'urls.ts'), urls(v));
      while ((await fetchText()) !== `v${v}`) {
        if (performance.now() - t0 > 10000) throw new Error(`reload ${v} not served after 10 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      times.push(performance.now() - t0);
    }
    process.stdout.write(`reload latency (save urls.ts -> new code served), ${reloads} saves: median ${median(times).toFixed(0)} ms, min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms\n`);
  } finally {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(mode === 'reload' ? reload() : mode === 'all' ? throughput().then(reload) : throughput()).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
