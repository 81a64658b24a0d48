// `hyper serve` (production) and `hyper routes` through the real CLI.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { HYPER_BIN, cleanEnv, runHyper } from '../support/run-hyper';
import { freePort, waitFor } from '../support/wait';
import { TEST_POSTGRES_URL } from '../support/test-databases';

let workspace: string;
let project: string;

beforeAll(() => {
  workspace = makeTempDir('hyper-serve-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  fs.writeFileSync(
    path.join(project, 'urls.ts'),
    `import { path, include } from 'hyperdjango/urls';
import { JsonResponse } from 'hyperdjango/http';
import { View } from 'hyperdjango/views';
import { connections } from 'hyperdjango/db';
class Items extends View { async get() { return new JsonResponse({ pid: process.pid }); } }
export const urlpatterns = [
  path('', Items.asView(), { name: 'home' }),
  path('db/', async () => {
    const { rows } = await connections.get().execute({ sql: 'SELECT 1 AS one', parameters: [] });
    return new JsonResponse({ pid: process.pid, one: rows[0].one });
  }),
  path('boom/', () => { throw new Error('kaboom'); }),
  path('api/', include([[path('items/<int:id>/', Items.asView(), { name: 'item' })], 'api'])),
];
`,
  );
});
afterAll(() => removeDir(workspace));

test('routes lists the URL table, as text and JSON', () => {
  const text = runHyper(['routes'], { cwd: project });
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/PATTERN\s+NAME\s+VIEW\s+METHODS/);
  expect(text.stdout).toMatch(/\/api\/items\/<int:id>\/\s+api:item\s+Items\s+GET,HEAD,OPTIONS/);
  const json = JSON.parse(runHyper(['routes', '--json'], { cwd: project }).stdout);
  expect(json).toContainEqual({ pattern: '/boom/', name: null, view: '<anonymous>', methods: ['*'] });
});

test('serve refuses DEBUG unless forced', () => {
  const run = runHyper(['serve', '--workers', '1'], { cwd: project });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('Refusing to serve with DEBUG = true');
});

test('serve refuses several workers on the embedded database, naming the fixes', () => {
  const run = runHyper(['serve', '--workers', '2'], { cwd: project, env: { DEBUG: 'false' } });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("DATABASES['default'] is the embedded database (PGlite), which one process at a time can open: serve it with --workers 1, or set DATABASE_URL");
});

test('serve on the embedded database: a reload lets the old worker go first, and no request fails', async () => {
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [HYPER_BIN, 'serve', `127.0.0.1:${port}`], { cwd: project, env: cleanEnv({ DEBUG: 'false' }), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A new connection each time: a keep-alive connection that the retiring worker
  // closes while a request is being sent on it fails in any HTTP/1.1 server.
  const ask = () =>
    new Promise<{ status: number; body: { pid: number; one: number } | null }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/db/', agent: false }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => {
            let body = null;
            try {
              body = JSON.parse(text);
            } catch {
              // an error page
            }
            resolve({ status: res.statusCode!, body });
          });
        })
        .on('error', reject);
    });
  try {
    await waitFor('serving', async () => (out.includes('with 1 worker') ? true : undefined));
    const first = await ask();
    expect(first).toEqual({ status: 200, body: { pid: expect.any(Number), one: 1 } });
    child.kill('SIGHUP');
    // Requests keep coming while the worker is replaced; each must succeed.
    const statuses = new Set<number>();
    let replaced: number | undefined;
    while (replaced === undefined) {
      const answer = await ask();
      statuses.add(answer.status);
      if (answer.body && answer.body.pid !== first.body!.pid) replaced = answer.body.pid;
    }
    expect([...statuses]).toEqual([200]);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

test('serve: workers, no stack trace, graceful reload on SIGHUP and stop on SIGTERM', async () => {
  const port = await freePort();
  let out = '';
  // Several workers share a PostgreSQL server, not the embedded database.
  const env = cleanEnv({ DEBUG: 'false', DATABASE_URL: TEST_POSTGRES_URL });
  const child: ChildProcess = spawn(process.execPath, [HYPER_BIN, 'serve', `127.0.0.1:${port}`, '--workers', '2'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitFor('serving', async () => (out.includes('with 2 workers') ? true : undefined));
    const pidsBefore = new Set<number>();
    for (let i = 0; i < 10; i++) pidsBefore.add(((await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { pid: number }).pid);
    const boom = await fetch(`http://127.0.0.1:${port}/boom/`);
    expect(boom.status).toBe(500);
    const body = await boom.text();
    expect(body).not.toMatch(/kaboom|urls\.ts/);
    child.kill('SIGHUP');
    await waitFor('new workers', async () => {
      const { pid } = (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as { pid: number };
      return pidsBefore.has(pid) ? undefined : pid;
    });
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
