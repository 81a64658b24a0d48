// The HyperDjango side: a project scaffolded by the real CLI (startproject, startapp)
// in a temporary folder, with the World and Fortune models, the six views, their
// URLs and the fortunes template, then makemigrations + migrate on the benchmark's
// database. Served with `hyper serve --workers 1`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { root } = require('../support/load');

const hyper = path.join(root, 'bin', 'hyper.js');

const MODELS = `import { AutoField, CharField, IntegerField, model, type Manager } from 'hyperdjango/db';

export class World extends model(
  { id: AutoField({ primaryKey: true }), randomNumber: IntegerField({ dbColumn: 'randomnumber' }) },
  { dbTable: 'world' },
) {
  declare static objects: Manager<World>;
}

export class Fortune extends model(
  { id: AutoField({ primaryKey: true }), message: CharField({ maxLength: 2048 }) },
  { dbTable: 'fortune' },
) {
  declare static objects: Manager<Fortune>;
}
`;

const VIEWS = `import { HttpResponse, JsonResponse, type Request } from 'hyperdjango/http';
import { render } from 'hyperdjango/shortcuts';
import { Fortune, World } from './models';

const randomId = () => 1 + Math.floor(Math.random() * 10000);

// ?queries=: 1 to 500, 1 when missing or not a number (TechEmpower's rule).
function queryCount(request: Request): number {
  const n = Number.parseInt(request.query.get('queries') ?? '', 10);
  return Number.isNaN(n) || n < 1 ? 1 : Math.min(n, 500);
}

export function json() {
  return new JsonResponse({ message: 'Hello, World!' });
}

export function plaintext() {
  return new HttpResponse('Hello, World!', { contentType: 'text/plain' });
}

export async function db() {
  const world = await World.objects.get({ id: randomId() });
  return new JsonResponse({ id: world.id, randomNumber: world.randomNumber });
}

export async function queries(request: Request) {
  const worlds = await Promise.all(Array.from({ length: queryCount(request) }, () => World.objects.get({ id: randomId() })));
  return new JsonResponse(worlds.map((w) => ({ id: w.id, randomNumber: w.randomNumber })));
}

export async function fortunes(request: Request) {
  const rows = await Fortune.objects.all();
  rows.push(new Fortune({ id: 0, message: 'Additional fortune added at request time.' }));
  rows.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return render(request, 'fortunes.html', { fortunes: rows });
}

export async function updates(request: Request) {
  const worlds = await Promise.all(Array.from({ length: queryCount(request) }, () => World.objects.get({ id: randomId() })));
  for (const world of worlds) world.randomNumber = randomId();
  // In id order, so that concurrent requests lock the rows in the same order.
  await World.objects.bulkUpdate([...worlds].sort((a, b) => a.id - b.id), ['randomNumber']);
  return new JsonResponse(worlds.map((w) => ({ id: w.id, randomNumber: w.randomNumber })));
}
`;

const URLS = `import { path } from 'hyperdjango/urls';
import * as views from './world/views';

export const urlpatterns = [
  path('json', views.json),
  path('plaintext', views.plaintext),
  path('db', views.db),
  path('queries', views.queries),
  path('fortunes', views.fortunes),
  path('updates', views.updates),
];
`;

const FORTUNES_HTML =
  '<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>' +
  '{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>{% endfor %}' +
  '</table></body></html>\n';

/** Scaffolds the project in `dir` and migrates `databaseUrl`; returns the project's folder. */
function createProject(dir, databaseUrl) {
  const run = (args, cwd) => execFileSync(process.execPath, [hyper, ...args], { cwd, env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  run(['startproject', 'site'], dir);
  const site = path.join(dir, 'site');
  run(['startapp', 'world'], site);
  const settingsFile = path.join(site, 'settings.ts');
  let settings = fs.readFileSync(settingsFile, 'utf8');
  // No middleware, as TechEmpower's Django app; only the benchmark's app.
  settings = settings.replace(/INSTALLED_APPS: \[[^\]]*\]/, "INSTALLED_APPS: ['world']").replace(/MIDDLEWARE: \[[^\]]*\]/, 'MIDDLEWARE: []');
  if (!settings.includes("INSTALLED_APPS: ['world']") || !settings.includes('MIDDLEWARE: []')) throw new Error('startproject wrote settings.ts in a shape this benchmark does not know');
  fs.writeFileSync(settingsFile, settings);
  fs.writeFileSync(path.join(site, 'world', 'models.ts'), MODELS);
  fs.writeFileSync(path.join(site, 'world', 'views.ts'), VIEWS);
  fs.writeFileSync(path.join(site, 'urls.ts'), URLS);
  fs.writeFileSync(path.join(site, 'templates', 'fortunes.html'), FORTUNES_HTML);
  run(['makemigrations', 'world'], site);
  run(['migrate'], site);
  return site;
}

module.exports = { createProject, hyper, FORTUNES_HTML };
