#!/usr/bin/env node
// `npm run bench -- web [throughput|reload|multipart|multipart-instructions|instructions|dispatch] [--duration=5 --rounds=3 --connections=50 --reloads=10]`
//
// throughput (default): a JSON view (/api/items/<int:id>/?q=x) through the
// default middleware stack (security + common: host validation, security
// headers, URL resolution, Request/JsonResponse) against Fastify doing the same
// work with equivalent hooks (onRequest host check, onSend security headers);
// then the same view behind a new project's whole MIDDLEWARE and behind none,
// against Fastify with no hooks.
// wrk on loopback, server pinned to cpu1 and wrk to cpu0, rounds taking turns;
// prints median req/s, p99 and server CPU time per request (steadier than req/s
// on a shared machine), with the ratios to Fastify.
// reload: `hyper runserver` on a new project, then on one with a small app (a model,
// a view); saves urls.ts (the view in blog/views.ts) with a new value and polls
// until the new value is served; median (and min/max) of --reloads saves each.
// multipart: in-process parsing of multipart bodies against busboy (multipart.js).
// multipart-instructions: instructions per parse of the same bodies under callgrind,
// optionally against another build (multipart-instructions.js).
// instructions: user-space instructions per request under callgrind (see
// benchmarks/http/instructions.js) for the JSON view behind security + common
// (the throughput case), behind a new project's whole default MIDDLEWARE, and
// behind none; the last two give what the default stack costs.
// dispatch: instructions per WebHandler.serve call under callgrind, no socket, for
// the same view behind a new project's MIDDLEWARE and behind none (dispatch.js).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const load = require('../support/load');
const { root, mode, opt, haveTaskset, stopChild, cpuMs, wrk, median } = load;
const startServer = (script, extra) => load.startNode(path.join(__dirname, 'servers', script), extra);

if (!fs.existsSync(path.join(root, 'dist', 'src', 'http', 'index.js'))) {
  process.stderr.write('dist/ is missing: run npm run build first\n');
  process.exit(1);
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
    // A new project's whole MIDDLEWARE and none at all, against Fastify without hooks.
    { name: 'hyper, new project stack', start: () => startServer('stack.js', ['default', 'native']) },
    { name: 'hyper, no middleware', start: () => startServer('stack.js', ['none', 'native']) },
    { name: 'fastify, bare', start: () => startServer('fastify.js', ['bare']) },
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
  // The first three against Fastify with the same hooks; the last three against bare Fastify.
  const fastifyOf = (r) => rows.find((f) => f.name === (rows.indexOf(r) < 3 ? 'fastify' : 'fastify, bare'));
  process.stdout.write(`\n${'server'.padEnd(26)}${'req/s'.padStart(10)}${'p99 ms'.padStart(9)}${'x fastify'.padStart(11)}${'cpu us/req'.padStart(12)}${'fastify/cpu'.padStart(13)}\n`);
  for (const r of rows) {
    const fastify = fastifyOf(r);
    if (r.name === 'hyper, new project stack') process.stdout.write('(against bare Fastify)\n');
    process.stdout.write(`${r.name.padEnd(26)}${r.rps.toFixed(0).padStart(10)}${r.p99.toFixed(2).padStart(9)}${(r.rps / fastify.rps).toFixed(2).padStart(11)}${r.cpu.toFixed(1).padStart(12)}${(fastify.cpu / r.cpu).toFixed(2).padStart(13)}\n`);
  }
  const stack = rows.find((r) => r.name === 'hyper, new project stack');
  const none = rows.find((r) => r.name === 'hyper, no middleware');
  process.stdout.write(`\nthe new project's stack costs ${((1 - stack.rps / none.rps) * 100).toFixed(1)}% of the no-middleware req/s (${((stack.cpu / none.cpu - 1) * 100).toFixed(1)}% more CPU per request; target: under 15%)\n`);
}

// The two projects the reload benchmark edits: `startproject` as it is (the view in
// urls.ts), and one with a small app (a model, its migration applied, a view in
// blog/views.ts included from urls.ts), where the view is what is saved.
const RELOAD_CASES = {
  'new project': (project) => {
    const urls = (v) => `import { path } from 'hyperdjango/urls';\nimport { HttpResponse } from 'hyperdjango/http';\nexport const urlpatterns = [path('', () => new HttpResponse('v${v}'))];\n`;
    fs.writeFileSync(path.join(project, 'urls.ts'), urls(0));
    return { file: path.join(project, 'urls.ts'), source: urls };
  },
  'one small app': (project, run) => {
    run(['startapp', 'blog']);
    const settingsFile = path.join(project, 'settings.ts');
    fs.writeFileSync(settingsFile, fs.readFileSync(settingsFile, 'utf8').replace("'hyperdjango.staticfiles']", "'hyperdjango.staticfiles', 'blog']"));
    fs.writeFileSync(
      path.join(project, 'blog', 'models.ts'),
      "import { CharField, DateTimeField, TextField, model } from 'hyperdjango/db';\n\nexport class Post extends model({ title: CharField({ maxLength: 200 }), body: TextField({ blank: true }), created: DateTimeField({ autoNowAdd: true }) }, { ordering: ['-created'] }) {}\n",
    );
    fs.writeFileSync(path.join(project, 'urls.ts'), "import { path, include } from 'hyperdjango/urls';\nimport * as blogUrls from './blog/urls';\nexport const urlpatterns = [path('', include(blogUrls))];\n");
    const views = (v) => `import type { Request } from 'hyperdjango/http';\nimport { HttpResponse } from 'hyperdjango/http';\nimport { Post } from './models';\n\nexport function index(request: Request) {\n  void Post;\n  return new HttpResponse('v${v}');\n}\n`;
    fs.writeFileSync(path.join(project, 'blog', 'views.ts'), views(0));
    run(['makemigrations', 'blog']);
    run(['migrate']);
    return { file: path.join(project, 'blog', 'views.ts'), source: views };
  },
};

/** Median, min and max ms from saving a file to the new code being served, over `reloads` saves. */
async function reloadCase(name, reloads) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-bench-reload-'));
  const hyper = path.join(root, 'bin', 'hyper.js');
  execFileSync(process.execPath, [hyper, 'startproject', 'site'], { cwd: dir, stdio: 'ignore' });
  const project = path.join(dir, 'site');
  const { file, source } = RELOAD_CASES[name](project, (cliArgs) => execFileSync(process.execPath, [hyper, ...cliArgs], { cwd: project, stdio: 'ignore' }));
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
    for (let i = 0; (await fetchText()) !== 'v0'; i++) {
      if (i === 600) throw new Error(`${name}: runserver did not serve the project within 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // The first child's start-up work (creating or opening the embedded database for
    // the unapplied-migrations notice) is not a reload's: wait until it is done.
    for (let idle = 0, last = cpuMs(child.pid), waited = 0; idle < 2 && waited < 60000; waited += 250) {
      await new Promise((r) => setTimeout(r, 250));
      const now = cpuMs(child.pid);
      idle = now - last < 10 ? idle + 1 : 0;
      last = now;
    }
    const times = [];
    for (let v = 1; v <= reloads; v++) {
      await new Promise((r) => setTimeout(r, 1000)); // saves a second apart, as an editing user makes them
      const t0 = performance.now();
      fs.writeFileSync(file, source(v));
      while ((await fetchText()) !== `v${v}`) {
        if (performance.now() - t0 > 10000) throw new Error(`${name}: reload ${v} not served after 10 s`);
        await new Promise((r) => setTimeout(r, 2));
      }
      times.push(performance.now() - t0);
    }
    return { median: median(times), min: Math.min(...times), max: Math.max(...times), times };
  } finally {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function reload() {
  const reloads = opt('reloads', 10);
  process.stdout.write(`reload latency (save -> new code served), ${reloads} saves a second apart; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  for (const name of Object.keys(RELOAD_CASES)) {
    const r = await reloadCase(name, reloads);
    const saved = name === 'new project' ? 'urls.ts' : 'blog/views.ts';
    process.stdout.write(`  ${`${name} (saves ${saved})`.padEnd(34)} median ${r.median.toFixed(0)} ms, min ${r.min.toFixed(0)} ms, max ${r.max.toFixed(0)} ms (${r.times.map((t) => t.toFixed(0)).join(' ')})\n`);
  }
}

async function instructions() {
  const { measure, nodeScript } = require('../http/instructions');
  const seconds = opt('duration', 10);
  const urlPath = '/api/items/42/?q=x';
  const servers = path.join(__dirname, 'servers');
  const cases = [
    ['security + common (throughput case)', nodeScript(path.join(servers, 'hyper.js'), ['native'])],
    ["new project's default MIDDLEWARE", nodeScript(path.join(servers, 'stack.js'), ['default'])],
    ['no middleware', nodeScript(path.join(servers, 'stack.js'), ['none'])],
  ];
  process.stdout.write(`JSON view ${urlPath}, no cookie; user-space instructions per request under callgrind, wrk -t1 -c50 -d${seconds}s after a ${seconds}s warm-up; node ${process.version}\n\n`);
  const rows = [];
  for (const [name, start] of cases) {
    let requests = 0;
    const ir = await measure(start, urlPath, seconds, (n) => (requests = n));
    rows.push({ name, ir });
    // Few requests mean a starved server: fixed background work (GC, compiling) then weighs on each.
    process.stdout.write(`${name.padEnd(40)}${ir.toFixed(0).padStart(10)} instr/req  (${requests} requests counted)\n`);
  }
  const stack = rows[1].ir;
  const none = rows[2].ir;
  process.stdout.write(`\nthe default stack costs ${(((stack - none) / none) * 100).toFixed(1)}% on top of no middleware (${(stack - none).toFixed(0)} instr/req; target: under 15%)\n`);
}

(mode === 'reload' ? reload() : mode === 'instructions' ? instructions() : mode === 'multipart' ? require('./multipart')() : mode === 'multipart-instructions' ? require('./multipart-instructions')() : mode === 'dispatch' ? require('./dispatch')() : mode === 'all' ? throughput().then(reload) : throughput()).catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
