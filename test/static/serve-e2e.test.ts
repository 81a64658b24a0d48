// Static files through the real CLI: runserver serving the finders in DEBUG,
// and `hyper serve` serving STATIC_ROOT itself (reloaded by SIGHUP).
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RawClient } from '../server/support/raw-client';
import { createProject, HYPER_BIN, cleanEnv, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir } from '../support/temp-project';
import { freePort, waitFor } from '../support/wait';

let workspace: string;
let project: string;

beforeAll(() => {
  workspace = makeTempDir('hyper-static-e2e-');
  project = createProject(workspace, ['blog']);
  fs.mkdirSync(path.join(project, 'blog', 'static', 'blog'), { recursive: true });
  fs.writeFileSync(path.join(project, 'blog', 'static', 'blog', 'app.css'), 'body { color: red }\n');
  fs.mkdirSync(path.join(project, 'static'), { recursive: true });
  fs.writeFileSync(path.join(project, 'static', 'site.js'), 'console.log("site");\n');
  fs.writeFileSync(path.join(project, 'secret.txt'), 'TOP-SECRET');
});
afterAll(() => removeDir(workspace));

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string; stop: () => Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, [HYPER_BIN, ...args], { cwd: project, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function rawStatus(port: number, target: string): Promise<{ status: number; body: string }> {
  const c = await RawClient.connect(port);
  c.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  const res = await c.readResponse();
  c.destroy();
  return { status: res.status, body: res.body.toString() };
}

test('runserver in DEBUG serves an app static/ file and a STATICFILES_DIRS file, uncached', async () => {
  const port = await freePort();
  const server = start(['runserver', '--noreload', `127.0.0.1:${port}`]);
  try {
    const app = await waitFor('runserver', async () => (await fetch(`http://127.0.0.1:${port}/static/blog/app.css`)));
    expect(app.status).toBe(200);
    expect(await app.text()).toBe('body { color: red }\n');
    expect(app.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(app.headers.get('cache-control')).toBe('no-cache');
    const etag = app.headers.get('etag')!;
    expect((await fetch(`http://127.0.0.1:${port}/static/blog/app.css`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const site = await fetch(`http://127.0.0.1:${port}/static/site.js`);
    expect(await site.text()).toBe('console.log("site");\n');
    const range = await fetch(`http://127.0.0.1:${port}/static/site.js`, { headers: { range: 'bytes=0-6' } });
    expect(range.status).toBe(206);
    expect(await range.text()).toBe('console');
    const miss = await fetch(`http://127.0.0.1:${port}/static/blog/nope.css`);
    expect(miss.status).toBe(404);
    const text = await miss.text();
    expect(text).toContain("'blog/nope.css' could not be found");
    expect(text).toContain(path.join(project, 'blog', 'static'));
    expect(text).toContain(path.join(project, 'static'));
    for (const target of ['/static/../secret.txt', '/static/%2e%2e/secret.txt', '/static/..%2fsecret.txt', '/static/..%5csecret.txt', '/static/%00']) {
      const res = await rawStatus(port, target);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('TOP-SECRET');
      expect(res.body).not.toMatch(/\n\s+at /);
    }
    expect((await fetch(`http://127.0.0.1:${port}/static/blog/app.css`, { method: 'POST' })).status).toBe(405);
  } finally {
    await server.stop();
  }
});

test('runserver without DEBUG serves no static files unless --insecure', async () => {
  const port = await freePort();
  const plain = start(['runserver', '--noreload', `127.0.0.1:${port}`], { DEBUG: 'false' });
  try {
    const res = await waitFor('runserver', async () => await fetch(`http://127.0.0.1:${port}/static/blog/app.css`));
    expect(res.status).toBe(404);
  } finally {
    await plain.stop();
  }
  const insecure = start(['runserver', '--noreload', '--insecure', `127.0.0.1:${port}`], { DEBUG: 'false' });
  try {
    const res = await waitFor('runserver --insecure', async () => await fetch(`http://127.0.0.1:${port}/static/blog/app.css`));
    expect(res.status).toBe(200);
  } finally {
    await insecure.stop();
  }
});

test('serve answers STATIC_ROOT after collectstatic: immutable hashed names, br, traversal refused, SIGHUP picks up new files', async () => {
  const rules = Array.from({ length: 300 }, (_, i) => `.item-${i} { margin-left: ${i}px; color: #${(i * 4099).toString(16).padStart(6, '0').slice(-6)}; }`).join('\n');
  fs.writeFileSync(path.join(project, 'static', 'site.css'), `${rules}\n`);
  expect(runHyper(['collectstatic', '--noinput'], { cwd: project }).code).toBe(0);
  const root = path.join(project, 'staticfiles');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
  const hashed = manifest.paths['site.css'];
  expect(hashed).toMatch(/^site\.[0-9a-f]{12}\.css$/);
  const css = fs.readFileSync(path.join(root, hashed));
  fs.writeFileSync(path.join(root, '.env'), 'SECRET_KEY=TOP-SECRET');
  fs.mkdirSync(path.join(root, 'blog', '.git'), { recursive: true });
  fs.writeFileSync(path.join(root, 'blog', '.git', 'config'), 'TOP-SECRET');
  const port = await freePort();
  const server = start(['serve', `127.0.0.1:${port}`, '--workers', '1'], { DEBUG: 'false' });
  try {
    const res = await waitFor('serve', async () => await fetch(`http://127.0.0.1:${port}/static/${hashed}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff'); // SECURE_CONTENT_TYPE_NOSNIFF
    expect(res.headers.get('content-encoding')).toBe('br'); // collectstatic wrote .gz and .br
    expect(res.headers.get('etag')).toBe(`"${hashed.split('.')[1]}-br"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(css)).toBe(true);
    // The worker's start-up note reaches the pipe on its own time: wait for it.
    await waitFor('the static files note', async () => (server.output().includes(`static files from ${root} at /static/`) ? true : undefined));
    for (const target of ['/static/../secret.txt', '/static/%2e%2e/secret.txt', '/static/css%2f..%2f..%2fsecret.txt']) {
      expect((await rawStatus(port, target)).status).toBe(404);
    }
    // collectstatic's own state and anything hidden that a deploy leaves in STATIC_ROOT stay private.
    expect(fs.existsSync(path.join(root, '.collectstatic-state.json'))).toBe(true);
    for (const target of ['/static/.collectstatic-state.json', '/static/.env', '/static/blog/.git/config']) {
      expect((await rawStatus(port, target)).status).toBe(404);
    }
    expect((await fetch(`http://127.0.0.1:${port}/static/blog/${path.basename(manifest.paths['blog/app.css'])}`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/static/later.txt`)).status).toBe(404);
    fs.writeFileSync(path.join(root, 'later.txt'), 'added after start');
    server.child.kill('SIGHUP');
    const later = await waitFor('reloaded workers', async () => {
      const r = await fetch(`http://127.0.0.1:${port}/static/later.txt`);
      return r.status === 200 ? r : undefined;
    });
    expect(await later.text()).toBe('added after start');
    expect(later.headers.get('cache-control')).toBe('public, max-age=60');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});
