// `hyper collectstatic` and `hyper findstatic` through the real bin/hyper.js: every
// flag, the summary line, asking before overwriting, and the staticfiles checks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createProject, runHyper } from '../support/run-hyper';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';

let workspace: string;
let project: string;
let settingsText: string;
const out = () => path.join(project, 'staticfiles');
const hyper = (...args: string[]) => runHyper(args, { cwd: project });

function settings(extra: string): void {
  fs.writeFileSync(path.join(project, 'settings.ts'), settingsText.replace("STATICFILES_DIRS: ['static'],", `STATICFILES_DIRS: ['static'],\n  ${extra}`));
}

beforeAll(() => {
  workspace = makeTempDir('hyper-collectstatic-');
  project = createProject(workspace, ['blog']);
  const file = path.join(project, 'settings.ts');
  settingsText = fs.readFileSync(file, 'utf8');
  writeFiles(project, {
    'static/css/site.css': 'body { background: url(../img/bg.png); }\n',
    'static/img/bg.png': 'png',
    'static/notes.txt': 'notes',
    'blog/static/blog/post.js': 'console.log("post");\n',
    'blog/static/css/site.css': '/* shadowed by static/css/site.css */\n',
  });
}, 60000);

afterAll(() => removeDir(workspace));

test('a first run into an empty STATIC_ROOT asks nothing and prints the summary', () => {
  const run = hyper('collectstatic');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("Found another file with the destination path 'css/site.css' (in app blog)");
  expect(run.stdout.trim().split('\n').pop()).toBe("4 static files copied to 'staticfiles', 4 post-processed.");
  const manifest = JSON.parse(fs.readFileSync(path.join(out(), 'staticfiles.json'), 'utf8'));
  expect(Object.keys(manifest.paths).sort()).toEqual(['blog/post.js', 'css/site.css', 'img/bg.png', 'notes.txt']);
});

test('without --noinput and no terminal, a run that would overwrite stops with exit code 3', () => {
  const run = hyper('collectstatic');
  expect(run.code).toBe(3);
  expect(run.stderr).toContain('already holds files');
  expect(run.stderr).toContain('--noinput');
});

test('--noinput with nothing changed: all unmodified', () => {
  const run = hyper('collectstatic', '--noinput');
  expect(run.code).toBe(0);
  expect(run.stdout.trim().split('\n').pop()).toBe("0 static files copied to 'staticfiles', 4 unmodified.");
});

test('--dry-run changes nothing and says what it would copy', () => {
  writeFiles(project, { 'static/js/new.js': 'let a = 1;\n' });
  const run = hyper('collectstatic', '--dry-run');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`Pretending to copy '${path.join(project, 'static/js/new.js')}'`);
  expect(run.stdout).toContain("1 static file would be copied to 'staticfiles', 4 unmodified.");
  expect(fs.existsSync(path.join(out(), 'js/new.js'))).toBe(false);
  fs.rmSync(path.join(project, 'static/js'), { recursive: true });
});

test('-i skips matching files; --no-post-process only copies; --clear empties STATIC_ROOT first', () => {
  const run = hyper('collectstatic', '--noinput', '--clear', '--no-post-process', '-i', '*.txt', '-i', 'blog');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("Deleting 'staticfiles.json'");
  expect(run.stdout.trim().split('\n').pop()).toMatch(/^\d+ static files deleted\. 2 static files copied to 'staticfiles'\.$/);
  expect(fs.readdirSync(out()).sort()).toEqual(['css', 'img']);
  expect(fs.readdirSync(path.join(out(), 'css'))).toEqual(['site.css']);
});

test('--link symlinks the plain copies to their sources', () => {
  const run = hyper('collectstatic', '--noinput', '--clear', '--link');
  expect(run.code).toBe(0);
  expect(run.stdout.trim().split('\n').pop()).toMatch(/4 static files symlinked to 'staticfiles', 4 post-processed\.$/);
  const link = path.join(out(), 'img/bg.png');
  expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  expect(fs.readlinkSync(link)).toBe(path.join(project, 'static/img/bg.png'));
  // Back to copies: the links are replaced, never written through.
  expect(hyper('collectstatic', '--noinput').code).toBe(0);
  expect(fs.lstatSync(link).isSymbolicLink()).toBe(false);
  expect(fs.readFileSync(path.join(project, 'static/img/bg.png'), 'utf8')).toBe('png');
});

test('a missing reference fails with one line naming the referring file', () => {
  writeFiles(project, { 'static/css/broken.css': '.x { background: url(gone.png); }\n' });
  const run = hyper('collectstatic', '--noinput');
  fs.rmSync(path.join(project, 'static/css/broken.css'));
  expect(run.code).toBe(1);
  expect(run.stderr.trim()).toMatch(/^MissingStaticFile: css\/broken\.css refers to 'gone\.png' \(css\/gone\.png\), which is not a static file\. .*STATICFILES_MANIFEST_STRICT/);
});

test('findstatic shows every match, the winner first', () => {
  const run = hyper('findstatic', 'css/site.css', 'blog/post.js');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`Found 'css/site.css' here:\n  ${path.join(project, 'static/css/site.css')}  (wins)\n  ${path.join(project, 'blog/static/css/site.css')}\n`);
  expect(run.stdout).toContain(`Found 'blog/post.js' here:\n  ${path.join(project, 'blog/static/blog/post.js')}\n`);
  expect(hyper('findstatic', 'css/site.css', '--first', '-v', '0').stdout).toBe(`${path.join(project, 'static/css/site.css')}\n`);
  const missing = hyper('findstatic', 'nope.css');
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain("No matching file found for 'nope.css'.");
  expect(hyper('findstatic', '../settings.ts').code).toBe(2);
});

test('hyper check reports the staticfiles checks', () => {
  settings("STATIC_URL: '/static',\n  STATICFILES_BUNDLES: { 'js/app.js': 'frontend/app.ts' },");
  fs.writeFileSync(
    path.join(project, 'settings.ts'),
    fs.readFileSync(path.join(project, 'settings.ts'), 'utf8').replace("STATICFILES_DIRS: ['static'],", "STATICFILES_DIRS: ['static', 'missing', ['vendor/', 'staticfiles']],"),
  );
  const run = hyper('check');
  fs.writeFileSync(path.join(project, 'settings.ts'), settingsText);
  expect(run.code).toBe(1);
  for (const id of ['staticfiles.E001', 'staticfiles.E002', 'staticfiles.E003', 'staticfiles.W004', 'staticfiles.E005']) expect(run.stderr + run.stdout).toContain(id);
  expect(hyper('check').code).toBe(0);
});
