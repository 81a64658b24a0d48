// runserver's reloader through the real CLI: it watches what the project loads (its
// modules, templates, settings and .env), not every file in the folder; and while the
// project is broken it answers each request at once with the error.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { HYPER_BIN, cleanEnv, runHyper } from '../support/run-hyper';
import { freePort, waitFor } from '../support/wait';

let workspace: string;
let project: string;

const urls = (version: string, extra = '') => `import { path } from 'hyperdjango/urls';
import { JsonResponse } from 'hyperdjango/http';
import { render } from 'hyperdjango/shortcuts';
${extra}
export const urlpatterns = [
  path('', () => new JsonResponse({ version: ${JSON.stringify(version)} })),
  path('page/', (request) => render(request, 'page.html', {})),
];
`;

async function get(port: number, p = '/', accept = '*/*'): Promise<{ status: number; text: string; type: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, { headers: { accept }, signal: AbortSignal.timeout(2000) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

/** `npx hyper runserver > dev.log 2>&1` inside the project. */
class Server {
  readonly child: ChildProcess;
  readonly logFile: string;
  constructor(port: number) {
    this.logFile = path.join(project, 'dev.log');
    const fd = fs.openSync(this.logFile, 'w');
    this.child = spawn(process.execPath, [HYPER_BIN, 'runserver', `127.0.0.1:${port}`], { cwd: project, env: cleanEnv(), stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
  }
  get log(): string {
    return fs.readFileSync(this.logFile, 'utf8');
  }
  reloads(): string[] {
    return this.log.split('\n').filter((line) => line.endsWith('changed, reloading.'));
  }
  stop(): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      this.child.once('exit', (code) => resolve(code));
      this.child.kill('SIGTERM');
    });
  }
}

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
};
const version = async (port: number) => JSON.parse((await get(port)).text).version as string;
const settle = () => new Promise((r) => setTimeout(r, 800));

beforeEach(() => {
  workspace = makeTempDir('hyper-runserver-reload-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  write('urls.ts', urls('one'));
});
afterEach(() => removeDir(workspace));

test('reloads for what the project loads, not for logs, uploads or files it never imports', async () => {
  const port = await freePort();
  const server = new Server(port);
  try {
    await waitFor('first answer', async () => ((await version(port)) === 'one' ? true : undefined), 60000);
    // The server's own log, uploads, build output, a module nothing imports.
    write('notes.txt', 'x');
    write('media/upload.png', 'x');
    write('staticfiles/app.css', 'x');
    write('helpers.ts', "export const word = 'two';\n");
    await settle();
    expect(server.reloads()).toEqual([]);

    // The edit that imports the new module reloads; the module is then watched.
    write('urls.ts', urls('${word}', "import { word } from './helpers';").replace('"${word}"', 'word'));
    await waitFor('urls.ts reload', async () => ((await version(port)) === 'two' ? true : undefined), 60000);
    write('helpers.ts', "export const word = 'three';\n");
    await waitFor('helpers.ts reload', async () => ((await version(port)) === 'three' ? true : undefined), 60000);

    // A new template in a template folder, settings.ts and .env are watched.
    write('templates/page.html', '<p>page one</p>');
    await waitFor('template reload', async () => (server.reloads().includes('templates/page.html changed, reloading.') ? true : undefined), 60000);
    await waitFor('new template', async () => ((await get(port, '/page/')).text.includes('page one') ? true : undefined), 60000);
    write('.env', 'UNUSED=1\n');
    await waitFor('.env reload', async () => (server.reloads().includes('.env changed, reloading.') ? true : undefined), 60000);
    fs.appendFileSync(path.join(project, 'settings.ts'), '\n');
    await waitFor('settings reload', async () => (server.reloads().includes('settings.ts changed, reloading.') ? true : undefined), 60000);
    await settle();
    expect(server.reloads()).toEqual([
      'urls.ts changed, reloading.',
      'helpers.ts changed, reloading.',
      'templates/page.html changed, reloading.',
      '.env changed, reloading.',
      'settings.ts changed, reloading.',
    ]);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 240000);

test('a broken project answers at once with the error, at start and later, and serves again once fixed', async () => {
  write('urls.ts', `${urls('one')}\nexport const = ;\n`);
  const port = await freePort();
  const server = new Server(port);
  try {
    const broken = await waitFor('the error page', async () => get(port, '/', 'text/html,application/xhtml+xml'), 60000);
    expect(broken.status).toBe(500);
    expect(broken.type).toContain('text/html');
    expect(broken.text).toContain('SyntaxError');
    expect(broken.text).toContain('urls.ts:10:14');
    expect(broken.text).toContain('export const = ;');
    const plain = await get(port, '/anything/', 'application/json');
    expect(plain).toMatchObject({ status: 500, type: expect.stringContaining('text/plain') });
    expect(plain.text).toContain('urls.ts:10:14');

    write('urls.ts', urls('fixed'));
    await waitFor('fixed code', async () => ((await get(port)).status === 200 ? true : undefined), 60000);
    expect(await version(port)).toBe('fixed');

    // A template that fails the checks: every request gets the report at once.
    write('templates/page.html', 'line one\n{% for x in y %}\n');
    const report = await waitFor('the check report', async () => {
      const answer = await get(port, '/', 'text/html');
      return answer.status === 500 ? answer : undefined;
    }, 60000);
    expect(report.text).toContain('templates.E004');
    expect(report.text).toContain('page.html:2:4');
    expect(report.text).toContain('{% for x in y %}');
    write('templates/page.html', '<p>fine</p>');
    await waitFor('fixed template', async () => ((await get(port, '/page/')).text.includes('fine') ? true : undefined), 60000);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 240000);

test('models broken at start-up: the error page too, not an exit', async () => {
  write('settings.ts', fs.readFileSync(path.join(project, 'settings.ts'), 'utf8').replace(/INSTALLED_APPS: \[/, "INSTALLED_APPS: ['blog', "));
  write('blog/models.ts', "import { model, CharField } from 'hyperdjango/db';\nexport class Post extends model({ title: CharField({ maxLength: 20 }) }) {}\nthis is not code\n");
  const port = await freePort();
  const server = new Server(port);
  try {
    const broken = await waitFor('the error page', async () => get(port), 60000);
    expect(broken.status).toBe(500);
    expect(broken.text).toContain('models.ts:3');
    expect(server.child.exitCode).toBeNull();
    write('blog/models.ts', "import { model, CharField } from 'hyperdjango/db';\nexport class Post extends model({ title: CharField({ maxLength: 20 }) }) {}\n");
    await waitFor('fixed models', async () => ((await get(port)).status === 200 ? true : undefined), 60000);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 240000);

test('settings broken at start-up: the error page too, then serving once fixed', async () => {
  const settingsFile = path.join(project, 'settings.ts');
  const good = fs.readFileSync(settingsFile, 'utf8');
  write('settings.ts', good.replace('export default defineSettings({', 'export default defineSettings({\n  DEBUG: true,,'));
  const port = await freePort();
  const server = new Server(port);
  try {
    const broken = await waitFor('the error page', async () => get(port, '/', 'text/plain'), 60000);
    expect(broken.status).toBe(500);
    expect(broken.text).toContain('settings.ts:');
    expect(server.child.exitCode).toBeNull();
    write('settings.ts', good);
    await waitFor('fixed settings', async () => ((await get(port)).status === 200 ? true : undefined), 60000);
  } finally {
    fs.writeFileSync(settingsFile, good);
    expect(await server.stop()).toBe(0);
  }
}, 240000);
