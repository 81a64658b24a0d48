// A stopping server must refuse new connections at once while the requests it
// already has finish (issue 16): before, `hyper serve` kept the listening socket
// open until its workers had drained, so a client connecting during the stop was
// accepted by the kernel and left hanging until the deadline.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { RawClient, header } from '../server/support/raw-client';
import { adapters, startApp } from '../server/support/test-server';
import { HYPER_BIN, cleanEnv, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir } from '../support/temp-project';
import { freePort, waitFor } from '../support/wait';

/** What a new client gets: refused, closed, or (the bug) an answer or a hang. */
function tryConnect(port: number, within: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(data ? `answered ${data.slice(0, 12)}` : 'hung');
    }, within);
    const done = (what: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data ? `answered ${data.slice(0, 12)}` : what);
    };
    socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: t\r\n\r\n'));
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'refused' : 'closed'));
    socket.on('close', () => done('closed'));
  });
}

describe.each(adapters)('%s adapter: close({ deadline })', (adapter) => {
  test('refuses new connections at once and lets the request in flight finish with Connection: close', async () => {
    const app = await startApp(adapter);
    const c = await RawClient.connect(app.port);
    const arrived = app.waitingArrived();
    c.write('GET /wait HTTP/1.1\r\nHost: t\r\n\r\n');
    await arrived;
    const closed = app.server.close({ deadline: 10_000 });
    expect(await tryConnect(app.port, 1000)).toBe('refused');
    app.waiting.shift()!();
    const res = await c.readResponse();
    expect(res.status).toBe(200);
    expect(header(res, 'connection')).toBe('close');
    await closed;
    await app.close();
  });
});

describe('hyper serve on SIGTERM', () => {
  let workspace: string;
  let project: string;
  beforeAll(() => {
    workspace = makeTempDir('hyper-stop-');
    expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
    project = path.join(workspace, 'site');
    fs.writeFileSync(
      path.join(project, 'urls.ts'),
      `import { path } from 'hyperdjango/urls';
import { HttpResponse } from 'hyperdjango/http';
export const urlpatterns = [
  path('', () => new HttpResponse('home')),
  path('slow/', async () => { await new Promise((r) => setTimeout(r, 2500)); return new HttpResponse('slow done'); }),
];
`,
    );
  });
  afterAll(() => removeDir(workspace));

  test('closes the listener at once, finishes the slow request, exits 0', async () => {
    const port = await freePort();
    let out = '';
    const child: ChildProcess = spawn(process.execPath, [HYPER_BIN, 'serve', `127.0.0.1:${port}`], { cwd: project, env: cleanEnv({ DEBUG: 'false' }), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stopped = false;
    try {
      await waitFor('serving', async () => (out.includes('with 1 worker') ? true : undefined));
      const slow = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/slow/', agent: false }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
          })
          .on('error', reject);
      });
      await new Promise((r) => setTimeout(r, 500)); // the slow view is running
      child.kill('SIGTERM');
      stopped = true;
      await new Promise((r) => setTimeout(r, 300)); // the signal reaches the worker
      const started = Date.now();
      const attempt = await tryConnect(port, 1500);
      expect([attempt, Date.now() - started < 1500]).toEqual([expect.stringMatching(/^(refused|closed)$/), true]);
      expect(await slow).toEqual({ status: 200, connection: 'close', body: 'slow done' });
    } finally {
      if (!stopped) child.kill('SIGTERM'); // a second one would not be graceful
    }
    expect(await exited).toBe(0);
  });
});
