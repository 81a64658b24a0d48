// Several worker processes on one shared listening socket: restart on death and
// a graceful reload that drops no request.
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

function workerScript(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-workers-'));
  const entry = path.join(dir, 'worker.ts');
  fs.writeFileSync(
    entry,
    `import { createServer, serveWorker } from ${JSON.stringify(path.join(root, 'src', 'server'))};
     const server = createServer({ adapter: 'native', routes: [{ pattern: '/' }, { pattern: '/slow' }], handler: async (req, res) => {
       if (req.path === '/slow') await new Promise((r) => setTimeout(r, 200));
       res.send(200, {}, String(process.pid));
     } });
     serveWorker(server, { port: 0 }, 5000);`,
  );
  const out = path.join(dir, 'worker.js');
  buildSync({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'silent' });
  return out;
}

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

  test('two processes answer on one port', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(await get(port));
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
