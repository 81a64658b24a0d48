// The auth app in real projects, through bin/hyper.js: the shipped migration matches
// the models, permissions appear after migrate, createsuperuser --noinput (exit 3 when
// something is missing, the idempotent flag), and a custom user model with
// AUTH_USER_MODEL, its migrations and the auth checks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';

let workspace: string;
beforeAll(() => {
  workspace = makeTempDir('hyper-auth-cli-');
});
afterAll(() => removeDir(workspace));

function install(project: string, apps: string[], extra = ''): void {
  const file = path.join(project, 'settings.ts');
  const text = fs.readFileSync(file, 'utf8').replace(/INSTALLED_APPS: \[[^\]]*\],/, `INSTALLED_APPS: [${apps.map((app) => `'${app}'`).join(', ')}],${extra}`);
  fs.writeFileSync(file, text);
}

const SECRET = 'Tr0ub4dor&3 horse staple';

// Both projects use a server database: the embedded one is covered elsewhere, and
// opening it in every command would only cost time.
describe('a project with hyperdjango.auth', () => {
  let project: string;
  let db: TestDatabase;
  const hyper = (args: string[], env: Record<string, string> = {}) => runHyper(args, { cwd: project, env: { DATABASE_URL: db.url, ...env } });
  afterAll(() => db?.drop());

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    project = createProject(workspace, ['blog']);
    install(project, ['hyperdjango.auth', 'hyperdjango.sessions', 'blog']);
  });

  it('needs no new migration, and migrate creates the permissions', () => {
    const check = hyper(['makemigrations', '--check']);
    expect([check.code, check.stderr]).toEqual([0, '']);
    expect(hyper(['migrate']).code).toBe(0);
    const perms = hyper(['shell', '-c', "console.log((await Permission.objects.filter({ appLabel: 'auth' }).count()), (await Permission.objects.filter({ codename: 'view_session' }).exists()))"]);
    expect(perms.stdout.trim()).toBe('12 true');
  });

  it('createsuperuser --noinput names what is missing and exits 3', () => {
    const run = hyper(['createsuperuser', '--noinput']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('createsuperuser --noinput needs username, email: give --username or HYPER_SUPERUSER_USERNAME, --email or HYPER_SUPERUSER_EMAIL.');
  });

  it('createsuperuser --noinput from HYPER_SUPERUSER_* creates a working superuser, and --if-not-exists is idempotent', () => {
    const env = { HYPER_SUPERUSER_USERNAME: 'admin', HYPER_SUPERUSER_EMAIL: 'admin@example.com', HYPER_SUPERUSER_PASSWORD: SECRET };
    const created = hyper(['createsuperuser', '--noinput'], env);
    expect([created.code, created.stdout.trim(), created.stderr]).toEqual([0, 'Superuser created successfully.', '']);
    expect(created.stdout + created.stderr).not.toContain(SECRET);

    const again = hyper(['createsuperuser', '--noinput'], env);
    expect([again.code, again.stderr.trim()]).toEqual([1, 'CommandError: That username is already taken: use --if-not-exists to accept an existing user.']);
    const idempotent = hyper(['createsuperuser', '--noinput', '--if-not-exists'], env);
    expect([idempotent.code, idempotent.stdout.trim()]).toEqual([0, "A user 'admin' already exists: nothing to do."]);

    const login = hyper(['shell', '-c', `const u = await User.objects.get({ username: 'admin' }); console.log(u.isSuperuser, await u.checkPassword(${JSON.stringify(SECRET)}))`]);
    expect(login.stdout.trim()).toBe('true true');
  });
});

describe('a custom user model (AUTH_USER_MODEL)', () => {
  let project: string;
  let db: TestDatabase;
  const hyper = (args: string[], env: Record<string, string> = {}) => runHyper(args, { cwd: project, env: { DATABASE_URL: db.url, ...env } });
  afterAll(() => db?.drop());
  const models = (body: string) => fs.writeFileSync(path.join(project, 'accounts', 'models.ts'), `import { AbstractUser } from 'hyperdjango/auth';\nimport { TextField } from 'hyperdjango/db';\n${body}\n`);

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    fs.mkdirSync(path.join(workspace, 'custom'));
    project = createProject(path.join(workspace, 'custom'), ['accounts']);
    install(project, ['hyperdjango.auth', 'accounts'], "\n  AUTH_USER_MODEL: 'accounts.User',");
    models('export class User extends AbstractUser.extend({ bio: TextField({ blank: true }) }) {}');
  });

  it('migrates without an auth_user table, and createsuperuser uses the custom model', () => {
    expect(hyper(['check']).code).toBe(0);
    expect(hyper(['makemigrations']).code).toBe(0);
    expect(fs.existsSync(path.join(project, 'accounts', 'migrations', '0001_initial.ts'))).toBe(true);
    expect(hyper(['makemigrations', '--check']).code).toBe(0);
    expect(hyper(['migrate']).code).toBe(0);
    const env = { HYPER_SUPERUSER_USERNAME: 'root', HYPER_SUPERUSER_EMAIL: 'r@x.io', HYPER_SUPERUSER_PASSWORD: SECRET };
    expect(hyper(['createsuperuser', '--noinput'], env).code).toBe(0);
    const shell = hyper(['shell', '-c', "const { getUserModel } = require('hyperdjango/auth'); const M = getUserModel(); const u = await M.objects.get({ username: 'root' }); console.log(M._meta.label, u.bio === '', await u.hasPerm('accounts.add_user'))"]);
    expect(shell.stdout.trim()).toBe('accounts.User true true');
  });

  it('reports the auth checks for a broken user model', () => {
    models(`export class User extends AbstractUser.extend({ bio: TextField({ blank: true }) }) {
  static REQUIRED_FIELDS = ['username', 'email'];
  isAuthenticated() { return true; }
}`);
    const run = hyper(['check']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('auth.E002');
    expect(run.stderr).toContain('auth.C010');
  });
});
