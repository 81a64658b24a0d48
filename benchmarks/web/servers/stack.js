'use strict';
// HyperDjango: the "web" JSON view (/api/items/<int:id>/?q=x) behind a new
// project's MIDDLEWARE, read from the startproject scaffold (security, sessions,
// common, csrf, auth, clickjacking) with its framework apps installed, or behind
// no middleware at all. No cookie is sent, as for a first visit or an API client.
// argv: port stack(default|none) adapter
const fs = require('node:fs');
const nodePath = require('node:path');
const { configure } = require('../../../dist/src/conf/settings');
const { apps } = require('../../../dist/src/apps/registry');
const { path, setUrlconf } = require('../../../dist/src/urls');
const { JsonResponse, startWebServer } = require('../../../dist/src/http');
// MIDDLEWARE named by string are loaded through the slot the one setup path fills.
require('../../../dist/src/management/wiring').installFramework();
const { item } = require('./common');

const scaffold = fs.readFileSync(nodePath.join(__dirname, '..', '..', '..', 'scaffolds', 'project', 'settings.ts.tpl'), 'utf8');
const listed = (name) => [...new RegExp(`${name}: \\[([^\\]]*)\\]`).exec(scaffold)[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
const stack = process.argv[3] || 'default';
const INSTALLED_APPS = listed('INSTALLED_APPS').filter((app) => app !== 'hyperdjango.staticfiles');

configure({
  DEBUG: false,
  SECRET_KEY: 'bench-'.padEnd(60, 'x'),
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
  INSTALLED_APPS,
  DATABASES: { default: 'postgres://root@127.0.0.1:5432/postgres' }, // never queried: no cookie arrives
  MIDDLEWARE: stack === 'none' ? [] : listed('MIDDLEWARE'),
});
apps.populate(INSTALLED_APPS, process.cwd()).then(() => {
  setUrlconf([path('api/items/<int:id>/', (request, { id }) => new JsonResponse(item(id, request.query.get('q'))), { name: 'item' })]);
  return startWebServer({ port: Number(process.argv[2] || 0), host: '127.0.0.1', adapter: process.argv[4] || 'native', log: () => {} });
}).then(({ server, port }) => {
  process.stdout.write(`ready ${port}\n`);
  process.on('SIGTERM', () => server.close({ deadline: 100 }).then(() => process.exit(0)));
});
