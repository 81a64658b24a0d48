// A new user's first session with a scaffolded project, through the real CLI: the
// shell's imports can be shadowed, authenticate() without a request, createsuperuser
// --if-not-exists in a deploy script, get()'s message, `hyper routes` naming a
// decorated view, what diffsettings masks, and advice on DEBUG that works.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;
const superuser = { HYPER_SUPERUSER_USERNAME: 'ann', HYPER_SUPERUSER_EMAIL: 'ann@example.com', HYPER_SUPERUSER_PASSWORD: 'correct-horse-battery' };

beforeAll(() => {
  workspace = makeTempDir('hyper-first-session-');
  project = createProject(workspace, ['books']);
  fs.writeFileSync(
    path.join(project, 'books', 'models.ts'),
    `import { model, CharField } from 'hyperdjango/db';
export class Book extends model({ title: CharField({ maxLength: 100 }) }) {}
`,
  );
  fs.writeFileSync(
    path.join(project, 'urls.ts'),
    `import { path, type UrlEntry } from 'hyperdjango/urls';
import { HttpResponse, type Request } from 'hyperdjango/http';
import { loginRequired } from 'hyperdjango/auth';

async function dashboard(request: Request) {
  return new HttpResponse('hello');
}

export const urlpatterns: UrlEntry[] = [path('dashboard/', loginRequired(dashboard), { name: 'dashboard' })];
`,
  );
  expect(runHyper(['makemigrations'], { cwd: project }).code).toBe(0);
  expect(runHyper(['migrate'], { cwd: project }).code).toBe(0);
  const created = runHyper(['createsuperuser', '--noinput'], { cwd: project, env: superuser });
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
});
afterAll(() => removeDir(workspace));

describe('shell', () => {
  test('-c: a declaration shadows an automatic import, and authenticate() takes credentials without a request', () => {
    const code = `const { User, authenticate } = require('hyperdjango/auth');
const user = await authenticate({ username: 'ann', password: '${superuser.HYPER_SUPERUSER_PASSWORD}' });
const wrong = await authenticate({ username: 'ann', password: 'wrong' });
console.log(user instanceof User, user?.username, wrong);`;
    const run = runHyper(['shell', '-c', code], { cwd: project });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('true ann null');
  });

  test('-c: var and function declarations of an imported name work too, and the imports stay usable', () => {
    const run = runHyper(['shell', '-c', 'var Q = 1; function F() { return 2; } console.log(Q + F(), typeof Count, await Book.objects.count())'], { cwd: project });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('3 function 0');
  });

  test('the REPL: a declaration shadows an automatic import', () => {
    const input = "const { User } = require('hyperdjango/auth')\nconst Book = 'mine'\n[typeof User, Book]\n";
    const run = runHyper(['shell'], { cwd: project, input });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('already been declared');
    expect(run.stdout).toContain("[ 'function', 'mine' ]");
  });

  test("get() without a match says what it looked for, with 'matching' once", () => {
    const run = runHyper(['shell', '-c', "await Book.objects.get({ title: 'Dune' })"], { cwd: project });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Book matching query does not exist: {"title":"Dune"}.');
    expect(run.stderr).not.toMatch(/matching.*matching/);
  });
});

test('createsuperuser --noinput --if-not-exists with only the username of an existing user: nothing to do', () => {
  const run = runHyper(['createsuperuser', '--noinput', '--if-not-exists', '--username', 'ann'], { cwd: project });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("A user 'ann' already exists: nothing to do.");
  // A new user still needs every field.
  const missing = runHyper(['createsuperuser', '--noinput', '--if-not-exists', '--username', 'bob'], { cwd: project });
  expect(missing.code).toBe(3);
  expect(missing.stderr).toContain('needs email');
});

test('hyper routes names a view wrapped by loginRequired', () => {
  const run = runHyper(['routes', '--json'], { cwd: project });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual([{ pattern: '/dashboard/', name: 'dashboard', view: 'dashboard', methods: ['*'] }]);
});

test('diffsettings masks secrets, not the password validators', () => {
  const run = runHyper(['diffsettings', '--json'], { cwd: project, env: { DATABASE_URL: 'postgres://app:hunter2@db.example/app', SECRET_KEY: 'a-real-secret-key-that-must-not-be-printed' } });
  expect(run.code).toBe(0);
  expect(run.stdout).not.toContain('hunter2');
  expect(run.stdout).not.toContain('a-real-secret-key');
  const rows = Object.fromEntries((JSON.parse(run.stdout) as Array<{ name: string; value: unknown }>).map((row) => [row.name, row.value]));
  expect(rows.SECRET_KEY).toBe('********************');
  expect(rows.DATABASES).toEqual({ default: 'postgres://app:********************@db.example/app' });
  expect(rows.AUTH_PASSWORD_VALIDATORS).toEqual(expect.arrayContaining([{ NAME: 'hyperdjango.auth.MinimumLengthValidator', OPTIONS: { minLength: 9 } }]));
});

describe('DEBUG advice', () => {
  const w018 = (run: { stdout: string; stderr: string }) => `${run.stdout}${run.stderr}`.includes('security.W018');

  test('a scaffolded project (settings.ts reads env DEBUG): the advice names DEBUG=false, and following it works', () => {
    const serve = runHyper(['serve', 'not-a-port'], { cwd: project });
    expect(serve.code).toBe(1);
    expect(serve.stderr).toContain('set DEBUG=false in the environment or .env (settings.ts reads DEBUG)');
    expect(serve.stderr).not.toContain('HYPER_DEBUG');
    const check = runHyper(['check', '--deploy'], { cwd: project });
    expect(check.stderr).toContain('HINT: In production, set DEBUG=false in the environment or .env (settings.ts reads DEBUG).');

    // Following the advice: serve gets past DEBUG (to the bad address), W018 is gone.
    const served = runHyper(['serve', 'not-a-port'], { cwd: project, env: { DEBUG: 'false' } });
    expect(served.stderr).not.toContain('DEBUG');
    expect(w018(runHyper(['check', '--deploy'], { cwd: project, env: { DEBUG: 'false' } }))).toBe(false);
    fs.writeFileSync(path.join(project, '.env'), 'DEBUG=false\n');
    try {
      expect(w018(runHyper(['check', '--deploy'], { cwd: project }))).toBe(false);
    } finally {
      fs.rmSync(path.join(project, '.env'));
    }
  });

  test('a settings module that hard-codes DEBUG: the advice is to change it there', () => {
    const settings = path.join(project, 'settings.ts');
    const original = fs.readFileSync(settings, 'utf8');
    fs.writeFileSync(settings, original.replace("DEBUG: env.bool('DEBUG', true),", 'DEBUG: true,'));
    try {
      const serve = runHyper(['serve', 'not-a-port'], { cwd: project, env: { DEBUG: 'false', HYPER_DEBUG: 'false' } });
      expect(serve.stderr).toContain('set DEBUG: false in settings.ts');
      fs.writeFileSync(settings, original.replace("DEBUG: env.bool('DEBUG', true),", 'DEBUG: false,'));
      expect(w018(runHyper(['check', '--deploy'], { cwd: project }))).toBe(false);
    } finally {
      fs.writeFileSync(settings, original);
    }
  });

  test('DEBUG from HYPER_DEBUG (no DEBUG in the settings module): the advice names HYPER_DEBUG', () => {
    const settings = path.join(project, 'settings.ts');
    const original = fs.readFileSync(settings, 'utf8');
    fs.writeFileSync(settings, original.replace("DEBUG: env.bool('DEBUG', true),", ''));
    try {
      const serve = runHyper(['serve', 'not-a-port'], { cwd: project, env: { HYPER_DEBUG: 'true' } });
      expect(serve.stderr).toContain('set HYPER_DEBUG=false in the environment');
    } finally {
      fs.writeFileSync(settings, original);
    }
  });
});
