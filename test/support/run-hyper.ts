// Runs the real `bin/hyper.js` (the built dist/) in a child process.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './temp-project';

export const HYPER_BIN = path.join(REPO_ROOT, 'bin', 'hyper.js');

export interface HyperRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without anything that would change what hyper does. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(HYPER_|NO_COLOR$|FORCE_COLOR$|DEBUG$|SECRET_KEY$|DATABASE_URL$|ALLOWED_HOSTS$|NODE_OPTIONS$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs `hyper args...`; `input`, when given, is piped to its standard input (else it has none). */
export function runHyper(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }): HyperRun {
  const result = spawnSync(process.execPath, [HYPER_BIN, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    timeout: 30000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A new project 'site' in `workspace` made by the real CLI, with these apps created by
 * startapp and listed in INSTALLED_APPS; returns the project's folder.
 */
export function createProject(workspace: string, apps: readonly string[]): string {
  const project = path.join(workspace, 'site');
  const check = (run: HyperRun, what: string) => {
    if (run.code !== 0) throw new Error(`${what} failed (${run.code}): ${run.stderr}`);
  };
  check(runHyper(['startproject', 'site'], { cwd: workspace }), 'startproject');
  for (const app of apps) check(runHyper(['startapp', app], { cwd: project }), `startapp ${app}`);
  const settings = path.join(project, 'settings.ts');
  const text = fs.readFileSync(settings, 'utf8');
  // The project's apps go after the framework apps the scaffold lists.
  const installed = text.replace(/INSTALLED_APPS: \[([^\]]*)\],/, (_line, listed: string) => `INSTALLED_APPS: [${[listed, ...apps.map((app) => `'${app}'`)].filter(Boolean).join(', ')}],`);
  if (installed === text) throw new Error('settings.ts has no INSTALLED_APPS list to add to');
  fs.writeFileSync(settings, installed);
  return project;
}
