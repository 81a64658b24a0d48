// The user's path, driven through the real CLI: startproject -> check -> startapp ->
// INSTALLED_APPS -> an app command -> check --deploy -> tsc on the generated code.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, REPO_ROOT, writeFiles } from '../support/temp-project';
import { runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;

beforeAll(() => {
  workspace = makeTempDir('hyper-e2e-');
  project = path.join(workspace, 'mysite');
});
afterAll(() => removeDir(workspace));

const edit = (file: string, from: string | RegExp, to: string) => {
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  expect(next).not.toBe(text);
  fs.writeFileSync(file, next);
};

describe('a new project', () => {
  it('is created by startproject, linked to this checkout', () => {
    const run = runHyper(['startproject', 'mysite'], { cwd: workspace });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Created project 'mysite' in mysite.");
    for (const file of ['package.json', 'tsconfig.json', 'settings.ts', 'urls.ts', '.env.example', '.gitignore', 'README.md', 'templates', 'static']) {
      expect(fs.existsSync(path.join(project, file))).toBe(true);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
    expect(manifest.dependencies.hyperdjango).toBe(`file:${REPO_ROOT}`);
    expect(manifest.hyper.settings).toBe('settings.ts');
    expect(fs.realpathSync(path.join(project, 'node_modules', 'hyperdjango'))).toBe(REPO_ROOT);
    expect(fs.readFileSync(path.join(project, 'settings.ts'), 'utf8')).toMatch(/SECRET_KEY: env\.str\('SECRET_KEY', 'hyper-insecure-[A-Za-z0-9_-]{64}'\)/);
  });

  it('passes check, from its root and from a subfolder', () => {
    const run = runHyper(['check'], { cwd: project });
    expect(run).toEqual({ code: 0, stdout: 'System check identified no issues (0 silenced).\n', stderr: '' });
    expect(runHyper(['check'], { cwd: path.join(project, 'templates') }).code).toBe(0);
  });

  it('gets an app from startapp, whose command is discovered once installed', () => {
    const run = runHyper(['startapp', 'blog'], { cwd: project });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Next: add 'blog' to INSTALLED_APPS in settings.ts.");
    for (const file of ['apps.ts', 'models.ts', 'views.ts', 'urls.ts', 'admin.ts', 'migrations', 'commands', 'templates/blog', 'static/blog', 'tests']) {
      expect(fs.existsSync(path.join(project, 'blog', file))).toBe(true);
    }
    expect(fs.readFileSync(path.join(project, 'blog', 'apps.ts'), 'utf8')).toContain('export default class BlogConfig extends AppConfig');

    edit(path.join(project, 'settings.ts'), "'hyperdjango.staticfiles'],", "'hyperdjango.staticfiles', 'blog'],");
    writeFiles(project, {
      'blog/commands/publish.ts': [
        "import { BaseCommand, type CommandOptions, type CommandParser } from 'hyperdjango/management';",
        '',
        'export default class Command extends BaseCommand {',
        "  help = 'Publish all drafts';",
        "  addArguments(parser: CommandParser) { parser.option('--dry-run', 'only print what would change'); }",
        "  async handle(options: CommandOptions) { this.stdout.write(options.dryRun ? 'would publish 3' : 'published 3'); }",
        '}',
        '',
      ].join('\n'),
    });
    const help = runHyper(['help'], { cwd: project });
    expect(help.stdout).toMatch(/\[hyperdjango\]\n( {4}\w+\n)* {4}check\n/);
    expect(help.stdout).toContain('[blog]\n    publish\n');
    expect(runHyper(['publish', '--dry-run'], { cwd: project })).toEqual({ code: 0, stdout: 'would publish 3\n', stderr: '' });
    expect(runHyper(['publish', '--help'], { cwd: project }).stdout).toContain('Publish all drafts');
  });

  it('reports the expected deploy issues', () => {
    const run = runHyper(['check', '--deploy'], { cwd: project });
    expect(run.code).toBe(0);
    const ids = [...run.stderr.matchAll(/\((security\.\w+)\)/g)].map((match) => match[1]);
    // The generated key and DEBUG, the CSRF and session cookies, and the HTTPS settings the security middleware reads.
    expect(ids).toEqual(['security.W009', 'security.W018', 'security.W016', 'security.W012', 'security.W004', 'security.W008']);
    expect(run.stderr).toContain('System check identified 6 issues (0 silenced).');
    expect(runHyper(['check', '--deploy', '--fail-level', 'WARNING'], { cwd: project }).code).toBe(1);
    const production = runHyper(['check', '--deploy'], {
      cwd: project,
      env: {
        DEBUG: 'false',
        SECRET_KEY: 'a-much-longer-random-production-key-7b1f0c9e2d4a6f8e0b3c5d7a9e1f2b4c',
        HYPER_SECURE_HSTS_SECONDS: '31536000',
        HYPER_SECURE_HSTS_INCLUDE_SUBDOMAINS: 'true',
        HYPER_SECURE_HSTS_PRELOAD: 'true',
        HYPER_SECURE_SSL_REDIRECT: 'true',
        HYPER_CSRF_COOKIE_SECURE: 'true',
        HYPER_SESSION_COOKIE_SECURE: 'true',
      },
    });
    expect(production).toMatchObject({ code: 0, stdout: 'System check identified no issues (0 silenced).\n' });
  });

  it('type-checks as generated, with the app and its command', () => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', project], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('caches compiled TypeScript under .hyper/', () => {
    expect(fs.readdirSync(path.join(project, '.hyper', 'cache', 'ts')).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses to overwrite: an existing project or app name writes nothing', () => {
    const again = runHyper(['startproject', 'mysite'], { cwd: workspace });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("CommandError: 'mysite' already exists. Choose another name, or pass an empty folder as DIR.\n");
    const intoExisting = runHyper(['startproject', 'other', 'mysite'], { cwd: workspace });
    expect(intoExisting.code).toBe(1);
    expect(intoExisting.stderr).toMatch(/^CommandError: mysite\/\S+ already exists; nothing was written/);
    expect(fs.existsSync(path.join(project, 'blog', 'commands', 'publish.ts'))).toBe(true);
    expect(runHyper(['startapp', 'my-app'], { cwd: project }).stderr).toContain("'my-app' is not a valid app name");
  });
});

describe('scaffold and framework choices', () => {
  it('startapp --template uses another scaffold', () => {
    const scaffold = path.join(workspace, 'my-scaffold');
    writeFiles(scaffold, { 'apps.ts.tpl': "// {{ verbose_name }} ({{ app_class }})\nexport {};\n", 'notes/dot.keep': '' });
    const run = runHyper(['startapp', 'shop', '--template', scaffold], { cwd: project });
    expect(run.code).toBe(0);
    expect(fs.readFileSync(path.join(project, 'shop', 'apps.ts'), 'utf8')).toBe('// Shop (ShopConfig)\nexport {};\n');
    expect(fs.existsSync(path.join(project, 'shop', 'notes', '.keep'))).toBe(true);
    expect(runHyper(['startapp', 'cart', '--template', path.join(workspace, 'missing')], { cwd: project }).stderr).toContain('--template');
  });

  it("hands over to the project's own copy of the framework", () => {
    const other = path.join(workspace, 'other');
    const copy = path.join(other, 'node_modules', 'hyperdjango');
    fs.mkdirSync(copy, { recursive: true });
    for (const entry of ['dist', 'bin', 'scaffolds']) fs.cpSync(path.join(REPO_ROOT, entry), path.join(copy, entry), { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(copy, 'package.json'), JSON.stringify({ ...manifest, version: '9.9.9-local' }));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
    expect(runHyper(['version'], { cwd: other }).stdout).toBe('9.9.9-local\n');
    expect(runHyper(['version'], { cwd: workspace }).stdout).toBe(`${manifest.version}\n`);
  });
});
