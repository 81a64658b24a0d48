// Rate limits shared by two worker processes (`hyper serve --workers 2` on a project made
// by the real CLI), over real sockets: with the counters in Redis (a Lua script) and in a
// PostgreSQL cache table (one statement), N + k concurrent requests let exactly N through,
// whichever worker takes each; a spoofed X-Forwarded-For changes nothing; the 429 carries
// Retry-After and the RateLimit headers and no stack trace.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { HYPER_BIN, cleanEnv, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir } from '../support/temp-project';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';
import { freePort, waitFor } from '../support/wait';

const RUN = `hyper-rl-${process.pid}-${Date.now().toString(36)}`;
const LIMIT = 12;
const SENT = 40;
let workspace: string;
let project: string;
let db: TestDatabase;

beforeAll(async () => {
  workspace = makeTempDir('hyper-ratelimit-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  fs.writeFileSync(
    path.join(project, 'urls.ts'),
    `import { path } from 'hyperdjango/urls';
import { JsonResponse } from 'hyperdjango/http';
import { ratelimit } from 'hyperdjango/ratelimit';
export const urlpatterns = [
  path('hit/', ratelimit({ rate: '${LIMIT}/h', key: 'ip' })(function hit() { return new JsonResponse({ pid: process.pid }); })),
  path('slide/', ratelimit({ rate: '${LIMIT}/h', algorithm: 'sliding' })(function slide() { return new JsonResponse({ pid: process.pid }); })),
  path('api/ping/', () => new JsonResponse({ pid: process.pid })),
];
`,
  );
  // Which worker answered, on every response (the 429s too): first in MIDDLEWARE, below.
  fs.writeFileSync(
    path.join(project, 'worker_header.ts'),
    `import type { Middleware } from 'hyperdjango/http';
const workerHeader: Middleware = (getResponse) => async (request) => {
  const response = await getResponse(request);
  response.headers.set('x-worker', String(process.pid));
  return response;
};
export default workerHeader;
`,
  );
  db = await createTestDatabase('postgres');
}, 60000);
afterAll(async () => {
  await db?.drop();
  removeDir(workspace);
});

function get(port: number, target: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: target, headers, agent: false }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

async function serveWith(caches: unknown, run: (port: number) => Promise<void>): Promise<void> {
  const port = await freePort();
  const env = cleanEnv({
    DEBUG: 'false',
    DATABASE_URL: db.url,
    HYPER_CACHES: JSON.stringify(caches),
    HYPER_RATELIMIT_RULES: JSON.stringify([{ path: '/api/', rate: `${LIMIT}/h` }]),
  });
  // The rule list needs the middleware: added to the scaffold's list by the settings file.
  const settingsFile = path.join(project, 'settings.ts');
  const text = fs.readFileSync(settingsFile, 'utf8');
  if (!text.includes('hyperdjango.middleware.ratelimit')) fs.writeFileSync(settingsFile, text.replace("'hyperdjango.middleware.security',", "'worker_header',\n    'hyperdjango.middleware.security',\n    'hyperdjango.middleware.ratelimit',"));
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [HYPER_BIN, 'serve', `127.0.0.1:${port}`, '--workers', '2'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await waitFor(`serving (${out})`, async () => (out.includes('with 2 workers') ? true : undefined));
    await run(port);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(out).not.toMatch(/Error|at .*\.js/);
}

async function burst(port: number, target: string) {
  // Each request claims a different client in X-Forwarded-For: ignored, as no proxy is trusted.
  const answers = await Promise.all(Array.from({ length: SENT }, (_, i) => get(port, target, { 'x-forwarded-for': `198.51.100.${i}` })));
  const passed = answers.filter((a) => a.status === 200);
  const blocked = answers.filter((a) => a.status === 429);
  return { answers, passed, blocked, pids: new Set(answers.map((a) => Number(a.headers['x-worker']))) };
}

// A fixed window is open again within the hour; a sliding one once the full hour's weight
// of this window's hits has faded below the limit, which can be up to two hours away.
function expectTooMany(blocked: Array<{ headers: http.IncomingHttpHeaders; body: string }>, target: string) {
  const longest = target === '/slide/' ? 7200 : 3600;
  for (const answer of blocked) {
    expect(answer.headers['ratelimit-limit']).toBe(String(LIMIT));
    expect(answer.headers['ratelimit-remaining']).toBe('0');
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(longest);
    expect(answer.body).toContain('Too Many Requests');
    expect(answer.body).not.toMatch(/\.ts|\.js|Ratelimited/);
  }
}

test('two workers sharing Redis: exactly N of N + k concurrent requests pass (decorator, sliding window, middleware rule)', async () => {
  const caches = { default: { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:6379/0', KEY_PREFIX: RUN } };
  await serveWith(caches, async (port) => {
    const served = new Set<number>();
    for (const target of ['/hit/', '/slide/', '/api/ping/']) {
      const { passed, blocked, pids } = await burst(port, target);
      expect([target, passed.length, blocked.length]).toEqual([target, LIMIT, SENT - LIMIT]);
      expectTooMany(blocked, target);
      for (const pid of pids) served.add(pid);
    }
    // Both workers answered: the counts above are shared, not per process.
    expect(served.size).toBe(2);
  });
}, 60000);

test('two workers sharing a PostgreSQL cache table: exactly N of N + k concurrent requests pass', async () => {
  const caches = { default: { BACKEND: 'hyperdjango.cache.DatabaseCache', LOCATION: 'rate_limits' } };
  const made = runHyper(['createcachetable'], { cwd: project, env: { DATABASE_URL: db.url, HYPER_CACHES: JSON.stringify(caches) } });
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  await serveWith(caches, async (port) => {
    const served = new Set<number>();
    for (const target of ['/hit/', '/slide/', '/api/ping/']) {
      const { passed, blocked, pids } = await burst(port, target);
      expect([target, passed.length, blocked.length]).toEqual([target, LIMIT, SENT - LIMIT]);
      expectTooMany(blocked, target);
      for (const pid of pids) served.add(pid);
    }
    expect(served.size).toBe(2);
  });
}, 60000);
