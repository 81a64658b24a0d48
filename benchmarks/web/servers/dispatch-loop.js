'use strict';
// WebHandler.serve in a loop, no socket: the "web" JSON view behind a new project's
// MIDDLEWARE (as stack.js) or behind none, each call given what the server gives it
// (a raw request, a response sink, the route the server's table found). Prints
// 'warm' after the warm-up, waits for a line on stdin (the parent turns callgrind's
// collection on), runs the counted calls, prints 'done <calls>' and exits on the next line.
// argv: stack(default|none) calls warmup
const fs = require('node:fs');
const nodePath = require('node:path');
const { configure } = require('../../../dist/src/conf/settings');
const { apps } = require('../../../dist/src/apps/registry');
const { path, setUrlconf } = require('../../../dist/src/urls');
const { JsonResponse, WebHandler } = require('../../../dist/src/http');
const { RouteTable } = require('../../../dist/src/server/router');
const { installFramework } = require('../../../dist/src/management');
const { item } = require('./common');

const scaffold = fs.readFileSync(nodePath.join(__dirname, '..', '..', '..', 'scaffolds', 'project', 'settings.ts.tpl'), 'utf8');
const listed = (name) => [...new RegExp(`${name}: \\[([^\\]]*)\\]`).exec(scaffold)[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
const stack = process.argv[2] || 'default';
const calls = Number(process.argv[3] || 20000);
const warmup = Number(process.argv[4] || 30000);
const INSTALLED_APPS = listed('INSTALLED_APPS').filter((app) => app !== 'hyperdjango.staticfiles');

installFramework();
configure({
  DEBUG: false,
  SECRET_KEY: 'bench-'.padEnd(60, 'x'),
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
  INSTALLED_APPS,
  DATABASES: { default: 'postgres://root@127.0.0.1:5432/postgres' }, // never queried: no cookie arrives
  MIDDLEWARE: stack === 'none' ? [] : listed('MIDDLEWARE'),
});

const EMPTY = Buffer.alloc(0);
const HEADERS = { host: '127.0.0.1:8000', 'user-agent': 'wrk', accept: '*/*' };
let written = 0;
const sink = {
  headersSent: false,
  aborted: false,
  send(status, headers, body) {
    written += status + (body ? body.length : 0);
  },
  start() {
    throw new Error('the JSON view does not stream');
  },
};

apps.populate(INSTALLED_APPS, process.cwd()).then(() => {
  setUrlconf([path('api/items/<int:id>/', (request, { id }) => new JsonResponse(item(id, request.query.get('q'))), { name: 'item' })]);
  const handler = new WebHandler({ log: () => {} });
  const table = new RouteTable(handler.serverRoutes());
  const one = () => {
    // What the native adapter makes per request: the raw request and the route match.
    const raw = {
      method: 'GET',
      target: '/api/items/42/?q=x',
      headers: HEADERS,
      header: (name) => HEADERS[name],
      body: EMPTY,
      remoteAddress: '127.0.0.1',
      stream: () => {
        throw new Error('no body stream');
      },
    };
    const route = { kind: 'found', routeId: 0, params: table.params(0, ['42']) };
    const result = handler.serve(raw, sink, route);
    if (result !== undefined) throw new Error('the JSON view answered asynchronously');
  };
  for (let i = 0; i < warmup; i++) one();
  process.stdout.write('warm\n');
  process.stdin.once('data', () => {
    for (let i = 0; i < calls; i++) one();
    process.stdout.write(`done ${calls} ${written > 0}\n`);
    process.stdin.once('data', () => process.exit(0));
  });
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
