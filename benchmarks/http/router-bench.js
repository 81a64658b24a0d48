'use strict';
// The native radix router against find-my-way (Fastify's router) on one
// 100-route table, and the TypeScript twin for reference. The native figure is
// measured inside native code (decode + match), so the JS boundary is not in it.
const path = require('node:path');
const findMyWay = require('find-my-way');
const { RouteTable } = require(path.join(__dirname, '..', '..', 'dist', 'src', 'server', 'router'));
const { loadNativeAddon } = require(path.join(__dirname, '..', '..', 'dist', 'src', 'server', 'binding'));

const resources = ['users', 'posts', 'comments', 'tags', 'orders', 'items', 'carts', 'invoices', 'teams', 'projects',
  'tasks', 'files', 'events', 'tickets', 'pages', 'photos', 'albums', 'videos', 'groups', 'reports'];
const hyper = [];
const fmw = [];
for (const r of resources) {
  hyper.push(`/api/v1/${r}/`, `/api/v1/${r}/<int:id>/`, `/api/v1/${r}/<int:id>/edit/`, `/${r}/<slug:slug>/`, `/${r}/<int:year>/<int:month>/`);
  fmw.push(`/api/v1/${r}/`, `/api/v1/${r}/:id/`, `/api/v1/${r}/:id/edit/`, `/${r}/:slug/`, `/${r}/:year/:month/`);
}
const paths = [];
for (const r of resources) {
  paths.push(`/api/v1/${r}/`, `/api/v1/${r}/42/`, `/api/v1/${r}/42/edit/`, `/${r}/hello-world/`, `/${r}/2024/05/`);
}

const table = new RouteTable(hyper.map((pattern) => ({ pattern, methods: ['GET'] })));
const addon = loadNativeAddon();
const native = table.toNative(addon);
const router = findMyWay();
for (const p of fmw) router.on('GET', p, () => {});

// Same answers first: every path finds a route in both.
for (const p of paths) {
  if (!router.find('GET', p)) throw new Error(`find-my-way misses ${p}`);
  if (native && native.match('GET', p)[0] !== 0) throw new Error(`native misses ${p}`);
  if (table.match('GET', p).kind !== 'found') throw new Error(`typescript misses ${p}`);
}

function jsLoop(fn, iterations) {
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += fn(paths[i % paths.length]) ? 1 : 0;
  const ns = Number(process.hrtime.bigint() - t0) / iterations;
  if (sink < 0) throw new Error('unreachable');
  return ns;
}

const N = 2_000_000;
const results = [];
for (let round = 0; round < 5; round++) {
  results.push({
    native: native ? native.bench('GET', paths, N) : NaN,
    fmw: jsLoop((p) => router.find('GET', p), N),
    ts: jsLoop((p) => table.match('GET', p), N / 4),
  });
}
const med = (k) => results.map((r) => r[k]).sort((a, b) => a - b)[2];
process.stdout.write(`100 routes, ${paths.length} paths (static, int, slug, two ints), ${N} lookups x 5 rounds, median ns per lookup\n`);
process.stdout.write(`native radix router (inside C++)  ${med('native').toFixed(1)} ns\n`);
process.stdout.write(`find-my-way (JS)                  ${med('fmw').toFixed(1)} ns\n`);
process.stdout.write(`TypeScript twin (regex list)      ${med('ts').toFixed(1)} ns\n`);
process.stdout.write(`native vs find-my-way: ${(med('fmw') / med('native')).toFixed(2)}x faster\n`);
