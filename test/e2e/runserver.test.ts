// runserver through the real CLI: the banner, the request log, reload on a
// change, a syntax error reported while the watcher stays alive, then fixed.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { HYPER_BIN, cleanEnv, runHyper } from '../support/run-hyper';
import { freePort, waitFor } from '../support/wait';

let workspace: string;
let project: string;

const urls = (version: string) => `import { path } from 'hyperdjango/urls';
import { JsonResponse, type Request } from 'hyperdjango/http';
export const urlpatterns = [
  path('', (request: Request) => new JsonResponse({ version: ${JSON.stringify(version)}, path: request.path }), { name: 'home' }),
  path('boom/', () => { throw new Error('kaboom'); }),
];
`;

async function get(port: number, p = '/'): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(2000) });
  return { status: res.status, text: await res.text() };
}

class Server {
  out = '';
  err = '';
  readonly child: ChildProcess;
  constructor(args: string[]) {
    this.child = spawn(process.execPath, [HYPER_BIN, 'runserver', ...args], { cwd: project, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.err += d.toString()));
  }
  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      this.child.once('exit', (code) => resolve(code));
      this.child.kill('SIGTERM');
    });
  }
}

beforeAll(() => {
  workspace = makeTempDir('hyper-runserver-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  fs.writeFileSync(path.join(project, 'urls.ts'), urls('one'));
});
afterAll(() => removeDir(workspace));

test('serves, logs, reloads on change, survives a syntax error', async () => {
  const port = await freePort();
  const server = new Server([`127.0.0.1:${port}`]);
  try {
    await waitFor('first answer', async () => ((await get(port)).text.includes('one') ? true : undefined));
    expect(server.out).toContain('Performing system checks...');
    expect(server.out).toContain('System check identified no issues (0 silenced).');
    expect(server.out).toContain(`Starting development server at http://127.0.0.1:${port}/`);
    // The new project's migrations have not run: Django's notice says so.
    await waitFor('unapplied migrations notice', async () =>
      server.out.includes('You have 2 unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): auth, sessions.') ? true : undefined,
    );
    expect(server.out).toContain("Run 'hyper migrate' to apply them.");
    expect(server.out).toContain('Quit the server with CONTROL-C.');
    await waitFor('request log', async () => (/"GET \/ HTTP\/1.1" 200 \d+/.test(server.err) ? true : undefined));
    // An HTTP/1.0 request is logged as one (the version is read before the answer leaves).
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end('GET /?old=1 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n'));
      socket.on('data', () => {}).on('close', () => resolve()).on('error', reject);
    });
    await waitFor('HTTP/1.0 in the log', async () => (/"GET \/\?old=1 HTTP\/1.0" 200 \d+/.test(server.err) ? true : undefined));

    const boom = await get(port, '/boom/');
    expect(boom.status).toBe(500);
    expect(boom.text).toContain('kaboom'); // DEBUG is on in a new project: the technical page
    expect(boom.text).toContain('urls.ts');

    fs.writeFileSync(path.join(project, 'urls.ts'), urls('two'));
    await waitFor('reloaded code', async () => ((await get(port)).text.includes('two') ? true : undefined));
    expect(server.out).toContain('urls.ts changed, reloading.');

    fs.writeFileSync(path.join(project, 'urls.ts'), `${urls('three')}\nexport const = ;\n`);
    await waitFor('the syntax error', async () => (server.err.includes('SyntaxError') ? true : undefined));
    expect(server.err).toContain('urls.ts:8');
    expect(server.child.exitCode).toBeNull();

    fs.writeFileSync(path.join(project, 'urls.ts'), urls('four'));
    await waitFor('fixed code', async () => ((await get(port)).text.includes('four') ? true : undefined));
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test('--noreload serves in one process; a bad address is a usage error', async () => {
  const port = await freePort();
  const server = new Server([String(port), '--noreload', '--adapter', 'node']);
  try {
    const res = await waitFor('answer', async () => get(port));
    expect(res.status).toBe(200);
    expect(server.out).not.toContain('Watching for file changes');
  } finally {
    await server.stop();
  }
  const bad = runHyper(['runserver', 'not a port!'], { cwd: project });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('is not a valid port number or address:port pair');
});
