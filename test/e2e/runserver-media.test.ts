// Uploaded files in a new project through the real CLI: runserver serves MEDIA_URL
// from MEDIA_ROOT in DEBUG (with the static files' path safety), `hyper serve`
// never does; and the scaffold's messages app works end to end.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { HYPER_BIN, cleanEnv, runHyper } from '../support/run-hyper';
import { freePort, waitFor } from '../support/wait';

let workspace: string;
let project: string;

const URLS = `import { path } from 'hyperdjango/urls';
import { HttpResponse, type Request } from 'hyperdjango/http';
import { redirect, render } from 'hyperdjango/shortcuts';
import * as messages from 'hyperdjango/messages';
export const urlpatterns = [
  path('', () => new HttpResponse('home')),
  path('save/', (request: Request) => { messages.success(request, 'Saved.'); return redirect('/shown/'); }),
  path('shown/', (request: Request) => render(request, 'shown.html')),
];
`;

/** A request written by hand, so '..' and encoded dots reach the server as sent. */
function raw(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    socket.on('data', (d: Buffer) => (data += d.toString())).on('close', () => resolve(data)).on('error', reject);
  });
}

function start(command: 'runserver' | 'serve', port: number, env: Record<string, string> = {}) {
  const args = command === 'runserver' ? ['runserver', `127.0.0.1:${port}`, '--noreload'] : ['serve', `127.0.0.1:${port}`, '--workers', '1'];
  const child: ChildProcess = spawn(process.execPath, [HYPER_BIN, ...args], { cwd: project, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

beforeAll(() => {
  workspace = makeTempDir('hyper-media-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  const settings = path.join(project, 'settings.ts');
  fs.writeFileSync(settings, fs.readFileSync(settings, 'utf8').replace("STATIC_URL: '/static/',", "STATIC_URL: '/static/',\n  MEDIA_URL: '/media/',\n  MEDIA_ROOT: 'media',"));
  fs.writeFileSync(path.join(project, 'urls.ts'), URLS);
  fs.mkdirSync(path.join(project, 'media', 'covers'), { recursive: true });
  fs.writeFileSync(path.join(project, 'media', 'covers', 'a b.txt'), 'uploaded by a user');
  fs.mkdirSync(path.join(project, 'templates'), { recursive: true });
  fs.writeFileSync(path.join(project, 'templates', 'shown.html'), '{% for m in messages %}[{{ m.tags }}: {{ m }}]{% endfor %}');
});
afterAll(() => removeDir(workspace));

test('the new project checks clean with the messages app and MEDIA settings', () => {
  const run = runHyper(['check'], { cwd: project });
  expect(run.stdout + run.stderr).toContain('System check identified no issues (0 silenced).');
  expect(run.code).toBe(0);
});

test('runserver serves MEDIA_URL from MEDIA_ROOT in DEBUG, refusing ways out; messages survive a redirect', async () => {
  const port = await freePort();
  const server = start('runserver', port);
  try {
    await waitFor('runserver', async () => ((await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.status === 200 ? true : undefined));
    const file = await fetch(`http://127.0.0.1:${port}/media/covers/a%20b.txt`);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('uploaded by a user');
    expect(file.headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`http://127.0.0.1:${port}/media/covers/missing.txt`)).status).toBe(404);
    for (const target of ['/media/../settings.ts', '/media/%2e%2e/settings.ts', '/media/covers%2f..%2f..%2fsettings.ts', '/media//etc/passwd']) {
      const answer = await raw(port, target);
      expect(answer).not.toContain('defineSettings');
      expect(answer).not.toMatch(/^HTTP\/1\.1 200/);
    }
    const hop = await fetch(`http://127.0.0.1:${port}/save/`, { redirect: 'manual' });
    expect(hop.status).toBe(302);
    const cookie = hop.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    expect(cookie).toMatch(/^messages=/);
    expect(await (await fetch(`http://127.0.0.1:${port}/shown/`, { headers: { cookie } })).text()).toBe('[success: Saved.]');
  } finally {
    expect(await server.stop()).toBe(0);
  }
});

test('hyper serve never serves MEDIA_URL', async () => {
  const port = await freePort();
  const server = start('serve', port, { DEBUG: 'false' });
  try {
    await waitFor('serve', async () => ((await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.status === 200 ? true : undefined));
    const file = await fetch(`http://127.0.0.1:${port}/media/covers/a%20b.txt`);
    expect(file.status).toBe(404);
    expect(await file.text()).not.toContain('uploaded by a user');
  } finally {
    await server.stop();
  }
});
