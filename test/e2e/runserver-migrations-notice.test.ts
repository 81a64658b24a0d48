// runserver's notice of unapplied migrations through the real CLI: printed when the
// server starts, not again by every reload (working it out opens the embedded
// database, which delayed each reload by a second or more), and again once the
// project's migrations changed.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { HYPER_BIN, cleanEnv, runHyper } from '../support/run-hyper';
import { freePort, waitFor } from '../support/wait';

let workspace: string;
let project: string;

const urls = (version: string) => `import { path } from 'hyperdjango/urls';
import { HttpResponse } from 'hyperdjango/http';
export const urlpatterns = [path('', () => new HttpResponse(${JSON.stringify(version)}))];
`;
const models = (extra: string) => `import { CharField, model } from 'hyperdjango/db';
export class Post extends model({ title: CharField({ maxLength: 200 }) }) {}
${extra}`;

async function text(port: number): Promise<string> {
  try {
    return await (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) })).text();
  } catch {
    return '';
  }
}

const NOTICE = /You have (\d+) unapplied migration\(s\)\. Your project may not work properly until you apply the migrations for app\(s\): ([a-z, ]+)\./g;

class Server {
  out = '';
  readonly child: ChildProcess;
  constructor(port: number) {
    this.child = spawn(process.execPath, [HYPER_BIN, 'runserver', `127.0.0.1:${port}`], { cwd: project, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.resume();
  }
  notices(): string[] {
    return [...this.out.matchAll(NOTICE)].map((m) => `${m[1]}: ${m[2]}`);
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
  workspace = makeTempDir('hyper-runserver-notice-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  project = path.join(workspace, 'site');
  expect(runHyper(['startapp', 'blog'], { cwd: project }).code).toBe(0);
  const settings = path.join(project, 'settings.ts');
  fs.writeFileSync(settings, fs.readFileSync(settings, 'utf8').replace("'hyperdjango.staticfiles']", "'hyperdjango.staticfiles', 'blog']"));
  fs.writeFileSync(path.join(project, 'blog', 'models.ts'), models(''));
  expect(runHyper(['makemigrations', 'blog'], { cwd: project }).code).toBe(0);
  fs.writeFileSync(path.join(project, 'urls.ts'), urls('one'));
});
afterAll(() => removeDir(workspace));

test('the notice is printed at start and after a reload that changed the migrations, not after every reload', async () => {
  const port = await freePort();
  const server = new Server(port);
  try {
    await waitFor('first answer', async () => ((await text(port)) === 'one' ? true : undefined), 60000);
    await waitFor('the notice', async () => (server.notices().length ? true : undefined), 60000);
    expect(server.notices()).toEqual(['3: auth, blog, sessions']);

    // A reload with the same migrations: no second notice, once the new child serves and has had time to print it.
    fs.writeFileSync(path.join(project, 'urls.ts'), urls('two'));
    await waitFor('reloaded code', async () => ((await text(port)) === 'two' ? true : undefined), 60000);
    await new Promise((r) => setTimeout(r, 3000));
    expect(server.notices()).toEqual(['3: auth, blog, sessions']);

    // A new migration, then a reload: the notice again, with it.
    fs.writeFileSync(path.join(project, 'blog', 'models.ts'), models("export class Tag extends model({ name: CharField({ maxLength: 50 }) }) {}\n"));
    expect(runHyper(['makemigrations', 'blog'], { cwd: project }).code).toBe(0);
    fs.writeFileSync(path.join(project, 'urls.ts'), urls('three'));
    await waitFor('reloaded code', async () => ((await text(port)) === 'three' ? true : undefined), 60000);
    await waitFor('the second notice', async () => (server.notices().length === 2 ? true : undefined), 60000);
    expect(server.notices()).toEqual(['3: auth, blog, sessions', '4: auth, blog, sessions']);
  } finally {
    expect(await server.stop()).toBe(0);
  }
}, 180000);
