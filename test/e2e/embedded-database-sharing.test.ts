// The embedded database with two terminals: while runserver runs (its child owns the
// folder), migrate, showmigrations, createsuperuser, shell, dbshell and a second
// runserver work as clients of it, concurrent transactions lose no write, and a reload
// (the owner changes) leaves every process working.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { HYPER_BIN, cleanEnv, createProject, runHyper, type HyperRun } from '../support/run-hyper';
import { freePort, waitFor } from '../support/wait';

jest.setTimeout(180_000);

let workspace: string;
let project: string;

const urls = (version: string) => `import { path } from 'hyperdjango/urls';
import { atomic } from 'hyperdjango/db';
import { JsonResponse } from 'hyperdjango/http';
import { Tally } from './tally/models';
// Read, then write, in one transaction: interleaved with another's, an increment is lost.
async function bump() {
  const n = await atomic(async () => {
    const tally = await Tally.objects.get({ name: 'hits' });
    await Tally.objects.filter({ name: 'hits' }).update({ n: tally.n + 1 });
    return tally.n + 1;
  });
  return new JsonResponse({ version: ${JSON.stringify(version)}, n });
}
export const urlpatterns = [path('bump/', bump)];
`;

const BUMP = `for (let i = 0; i < 25; i++) {
  await atomic(async () => {
    const tally = await Tally.objects.get({ name: 'hits' });
    await Tally.objects.filter({ name: 'hits' }).update({ n: tally.n + 1 });
  });
}
console.log('bumped');`;

class Server {
  out = '';
  err = '';
  readonly child: ChildProcess;
  constructor(readonly port: number) {
    this.child = spawn(process.execPath, [HYPER_BIN, 'runserver', `127.0.0.1:${port}`], { cwd: project, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.err += d.toString()));
  }
  async bump(): Promise<{ status: number; body: { version?: string; n?: number } & Record<string, unknown> }> {
    const res = await fetch(`http://127.0.0.1:${this.port}/bump/`, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    return { status: res.status, body: res.status === 200 ? JSON.parse(text) : { text } };
  }
  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/** `hyper args...` without blocking this process, so several run at once. */
function hyper(args: string[], env: Record<string, string> = {}): Promise<HyperRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HYPER_BIN, ...args], { cwd: project, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function ownerPid(): number {
  return Number.parseInt(fs.readFileSync(path.join(project, '.hyper', 'db', 'hyper.lock'), 'utf8'), 10);
}

beforeAll(() => {
  workspace = makeTempDir('hyper-sharing-');
  project = createProject(workspace, ['tally']);
  fs.writeFileSync(
    path.join(project, 'tally', 'models.ts'),
    `import { model, CharField, IntegerField } from 'hyperdjango/db';
export class Tally extends model({ name: CharField({ maxLength: 20, unique: true }), n: IntegerField({ default: 0 }) }) {}
`,
  );
  fs.writeFileSync(path.join(project, 'urls.ts'), urls('one'));
  expect(runHyper(['makemigrations'], { cwd: project }).code).toBe(0);
});
afterAll(() => removeDir(workspace));

test('runserver owns the embedded database; commands in another terminal use it at the same time', async () => {
  const first = new Server(await freePort());
  const servers = [first];
  try {
    // runserver's start-up check reads the migrations table: its child owns the folder now.
    await waitFor('the unapplied migrations notice', async () => (first.out.includes('unapplied migration(s)') ? true : undefined), 60_000);
    const owner = ownerPid();
    expect(owner).not.toBe(first.child.pid);

    const migrate = await hyper(['migrate']);
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('Applying tally.0001_initial... OK');

    const shown = await hyper(['showmigrations', 'tally']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('[X] 0001_initial');

    const superuser = await hyper(['createsuperuser', '--noinput', '--username', 'admin', '--email', 'admin@example.com'], { HYPER_SUPERUSER_PASSWORD: 'a long enough password 42' });
    expect(superuser.stderr).toBe('');
    expect(superuser.code).toBe(0);

    const seed = await hyper(['shell', '-c', "await Tally.objects.create({ name: 'hits' }); console.log(await User.objects.count())"]);
    expect(seed.stderr).toBe('');
    expect(seed.stdout.trim()).toBe('1');

    // A second runserver on the same project is one more client.
    const second = new Server(await freePort());
    servers.push(second);
    await waitFor('the second server', async () => ((await second.bump()).status === 200 ? true : undefined), 60_000);
    expect((await first.bump()).status).toBe(200);

    // Concurrent transactions from four processes (two shells, two servers): none is lost.
    const requests = Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).bump());
    const [a, b, ...answers] = await Promise.all([hyper(['shell', '-c', BUMP]), hyper(['shell', '-c', BUMP]), ...requests]);
    expect([a.stderr, b.stderr]).toEqual(['', '']);
    expect([a.stdout.trim(), b.stdout.trim()]).toEqual(['bumped', 'bumped']);
    expect(answers.map((answer) => answer.status)).toEqual(requests.map(() => 200));
    const total = await hyper(['dbshell', '-c', "SELECT n FROM tally_tally WHERE name = 'hits'"]);
    expect(total.stderr).toBe('');
    // 2 before, 50 from the shells, 20 requests.
    expect(total.stdout).toMatch(/^\s*n\s*\n-+\n\s*72\n\(1 row\)/);
    expect(ownerPid()).toBe(owner);

    // A reload: the owning child exits, so the owner changes; every process goes on.
    fs.writeFileSync(path.join(project, 'urls.ts'), urls('two'));
    await waitFor('the reloaded first server', async () => ((await first.bump()).body.version === 'two' ? true : undefined), 60_000);
    await waitFor('the second server after the switch', async () => ((await second.bump()).body.version === 'two' ? true : undefined), 60_000);
    expect(ownerPid()).not.toBe(owner);
    const after = await hyper(['shell', '-c', "console.log((await Tally.objects.get({ name: 'hits' })).n > 72)"]);
    expect(after.stdout.trim()).toBe('true');
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
  // Everyone is gone: the next command opens the folder itself, with all the data.
  const alone = await hyper(['shell', '-c', "console.log((await Tally.objects.get({ name: 'hits' })).n > 72)"]);
  expect(alone.stderr).toBe('');
  expect(alone.stdout.trim()).toBe('true');
  expect(fs.existsSync(path.join(project, '.hyper', 'db', 'hyper.lock'))).toBe(false);
});
