// A new project's own tooling, as a user meets it: `npm run typecheck` right after
// startproject (from a checkout: TypeScript comes with the link) and after startapp;
// without the link, one line saying to run npm install. startapp's admin.ts and
// tests/ say what they are for and what works today.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeSuiteTempDir } from '../support/temp-project';
import { cleanEnv, createProject, runHyper } from '../support/run-hyper';

function npmRun(script: string, cwd: string) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // The PATH of a user's shell: none of the framework's node_modules/.bin (jest runs under npx).
  const PATH = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => !dir.includes('node_modules')).join(path.delimiter);
  const result = spawnSync(npm, ['run', script], {
    cwd,
    env: cleanEnv({ PATH, npm_config_update_notifier: 'false', npm_config_fund: 'false' }),
    encoding: 'utf8',
    timeout: 120000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('npm run typecheck passes right after startproject and startapp, from a checkout', () => {
  const project = createProject(makeSuiteTempDir('hyper-e2e-typecheck-'), ['blog']);
  const run = npmRun('typecheck', project);
  expect(run.stderr).not.toMatch(/not found|error/i);
  expect(run.code).toBe(0);
});

test('the typecheck catches a type error in the project', () => {
  const workspace = makeSuiteTempDir('hyper-e2e-typecheck-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  const project = path.join(workspace, 'site');
  fs.writeFileSync(path.join(project, 'broken.ts'), 'export const n: number = "one";\n');
  const run = npmRun('typecheck', project);
  expect(run.code).not.toBe(0);
  expect(run.stdout).toMatch(/broken\.ts\(1,14\): error TS2322/);
});

test('without TypeScript installed, npm run typecheck says to run npm install in one line', () => {
  const workspace = makeSuiteTempDir('hyper-e2e-nolink-');
  expect(runHyper(['startproject', 'site', '--no-link'], { cwd: workspace }).code).toBe(0);
  const run = npmRun('typecheck', path.join(workspace, 'site'));
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('TypeScript is not installed: run npm install\n');
  expect(run.stderr).not.toMatch(/tsc: not found|^\s+at /m);
});

test("the project's README says how to type-check", () => {
  const workspace = makeSuiteTempDir('hyper-e2e-readme-');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  expect(fs.readFileSync(path.join(workspace, 'site', 'README.md'), 'utf8')).toMatch(/npm run typecheck .*npm install/);
});

test("startapp's admin.ts says the admin does not exist yet, and tests/ holds an example for `hyper test`", () => {
  const project = createProject(makeSuiteTempDir('hyper-e2e-app-'), ['blog']);
  const admin = fs.readFileSync(path.join(project, 'blog', 'admin.ts'), 'utf8');
  expect(admin).toMatch(/admin site/);
  expect(admin).toMatch(/not (yet )?available/);
  expect(fs.existsSync(path.join(project, 'blog', 'tests', 'README.md'))).toBe(false);
  const tests = fs.readFileSync(path.join(project, 'blog', 'tests', 'views.test.ts'), 'utf8');
  expect(tests).toContain('npx hyper test blog');
  expect(tests).toMatch(/export class \w+ extends TestCase/);
});
