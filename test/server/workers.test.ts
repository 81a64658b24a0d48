// Several worker processes on one shared listening socket: restart on death and
// a graceful reload that drops no request.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { loadNativeAddon, nativeAddonPath } from '../../src/server/binding';
import { WorkerPool } from '../../src/server/workers';

const root = path.resolve(__dirname, '..', '..');

function get(port: number, urlPath = '/'): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

const scriptDirs: string[] = [];
afterAll(() => {
  for (const dir of scriptDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function supervisorScript(worker: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-supervisor-'));
  scriptDirs.push(dir);
  const entry = path.join(dir, 'supervisor.ts');
  fs.writeFileSync(
    entry,
    `import { WorkerPool } from ${JSON.stringify(path.join(root, 'src', 'server'))};
     const pool = new WorkerPool({ script: ${JSON.stringify(worker)}, workers: 2, port: 0, execArgv: [], log: () => {} });
     pool.start().then(() => {
       pool.installSignalHandlers();
       process.stdout.write(JSON.stringify({ port: pool.port, pids: pool.pids }) + '\\n');
     });`,
  );
  const out = path.join(dir, 'supervisor.js');
  buildSync({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  return out;
}

function workerScript(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-workers-'));
  scriptDirs.push(dir);
  const entry = path.join(dir, 'worker.ts');
  fs.writeFileSync(
    entry,
    `import { createServer, serveWorker } from ${JSON.stringify(path.join(root, 'src', 'server'))};
     const server = createServer({ adapter: 'native', routes: [{ pattern: '/' }, { pattern: '/slow' }, { pattern: '/busy' }], handler: async (req, res) => {
       if (req.path === '/slow') await new Promise((r) => setTimeout(r, 200));
       if (req.path === '/busy') { const until = Date.now() + 1000; while (Date.now() < until); }
       res.send(200, {}, String(process.pid));
     } });
     serveWorker(server, { port: 0 }, 5000);`,
  );
  const out = path.join(dir, 'worker.js');
  buildSync({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  return out;
}

(loadNativeAddon({ quiet: true }) ? test : test.skip)('a supervisor reloads its workers on SIGHUP and stops them on SIGTERM', async () => {
  const child = spawn(process.execPath, [supervisorScript(workerScript())], {
    env: { ...process.env, HYPER_NATIVE_PATH: nativeAddonPath() },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  while (!out.includes('\n')) await new Promise((r) => child.stdout.once('data', r));
  const { port, pids } = JSON.parse(out) as { port: number; pids: number[] };
  const first = new Set(pids.map(String));
  expect(first.has(await get(port))).toBe(true);
  child.kill('SIGHUP');
  // Every answer comes from the old generation until the new one has taken over.
  let pid = await get(port);
  while (first.has(pid)) pid = await get(port);
  expect(Number(pid)).toBeGreaterThan(0);
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  // The old generation is gone.
  for (const old of pids) expect(() => process.kill(old, 0)).toThrow();
});

(loadNativeAddon({ quiet: true }) ? describe : describe.skip)('worker pool', () => {
  let pool: WorkerPool;
  let port: number;
  beforeAll(async () => {
    pool = new WorkerPool({
      script: workerScript(),
      workers: 2,
      port: 0,
      env: { ...process.env, HYPER_NATIVE_PATH: nativeAddonPath() },
      execArgv: [],
      restartDelay: 10,
      log: () => {},
    });
    await pool.start();
    port = pool.port;
  });
  afterAll(() => pool.stop());

  test('two processes answer on one port: a busy worker leaves the others serving', async () => {
    // Which idle worker wakes first for a connection is the kernel's choice (under
    // CPU contention it can be the same one every time), so one worker is kept busy
    // for a second while requests keep arriving; the other must answer them.
    let busyDone = false;
    const busy = get(port, '/busy').finally(() => (busyDone = true));
    const answers: Promise<string>[] = [];
    while (!busyDone) {
      answers.push(get(port));
      await new Promise((r) => setTimeout(r, 25));
    }
    const seen = new Set([await busy, ...(await Promise.all(answers))]);
    expect([...seen].sort()).toEqual(pool.pids.map(String).sort());
  });

  test('a worker that dies is replaced', async () => {
    const [victim] = pool.pids;
    process.kill(victim, 'SIGKILL');
    while (pool.pids.length < 2 || pool.pids.includes(victim)) await new Promise((r) => setTimeout(r, 20));
    expect(pool.pids).toHaveLength(2);
    expect(Number(await get(port))).toBeGreaterThan(0);
  });

  test('a reload replaces every worker without failing a request', async () => {
    const before = pool.pids;
    const inflight = get(port, '/slow');
    let failures = 0;
    let done = false;
    const traffic = (async () => {
      while (!done) await get(port).catch(() => failures++);
    })();
    await pool.reload();
    done = true;
    await traffic;
    expect(before).toContain(Number(await inflight));
    expect(failures).toBe(0);
    expect(pool.pids.some((p) => before.includes(p))).toBe(false);
  });
});
