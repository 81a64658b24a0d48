// Which test files a run loads, and which tests in them: each project app's
// `tests/**/*.test.ts` and `tests.ts`, narrowed by labels.
//
//   blog                          the app's tests
//   blog/tests/views.test.ts      one file (or a folder of them), from the current folder
//   blog.PostTests                one test case class of the app
//   blog.PostTests.testTitle      one test method
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../apps/app-config';
import { didYouMean } from '../core/suggest';
import { displayPath } from '../core/display-path';
import { UsageError } from '../management/errors';

export interface Selection {
  files: string[];
  /**
   * Per file, the test case classes or methods to run ('PostTests', 'PostTests.testTitle');
   * a file not listed runs whole, a listed one runs those only (no function-style tests).
   */
  names: Record<string, string[]>;
}

const TEST_FILE = /\.test\.(ts|js|mts|cts)$/;

/** The test files of an app: tests/**\/*.test.ts and tests.ts, sorted. */
export function appTestFiles(app: AppConfig): string[] {
  const files: string[] = [];
  for (const name of ['tests.ts', 'tests.js']) {
    const file = path.join(app.path, name);
    if (fs.existsSync(file)) files.push(file);
  }
  files.push(...testFilesUnder(path.join(app.path, 'tests')));
  return files;
}

function testFilesUnder(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...testFilesUnder(full));
    else if (TEST_FILE.test(entry.name)) files.push(full);
  }
  return files;
}

/** Project apps: the folders in INSTALLED_APPS, not the framework's own. */
export function projectApps(apps: readonly AppConfig[]): AppConfig[] {
  return apps.filter((app) => !app.name.startsWith('hyperdjango.'));
}

export function selectTests(labels: readonly string[], apps: readonly AppConfig[], cwd: string): Selection {
  const mine = projectApps(apps);
  if (!labels.length) return { files: mine.flatMap(appTestFiles), names: {} };
  const files = new Set<string>();
  const names: Record<string, string[]> = {};
  const whole = new Set<string>();
  for (const label of labels) {
    const asPath = path.resolve(cwd, label);
    if (label.includes('/') || label.includes(path.sep) || /\.(ts|js)$/.test(label) || fs.existsSync(asPath)) {
      if (!fs.existsSync(asPath)) throw new UsageError(`The test label '${label}' is neither an app nor a file: ${displayPath(asPath)} does not exist.`);
      const found = fs.statSync(asPath).isDirectory() ? testFilesUnder(asPath) : [asPath];
      for (const file of found) {
        files.add(file);
        whole.add(file);
      }
      continue;
    }
    const [appLabel, ...rest] = label.split('.');
    const app = mine.find((candidate) => candidate.label === appLabel);
    if (!app) {
      const known = mine.map((candidate) => candidate.label);
      throw new UsageError(`The test label '${label}' names no installed project app.${didYouMean(appLabel, known) || (known.length ? ` The apps are: ${known.join(', ')}.` : '')}`);
    }
    for (const file of appTestFiles(app)) {
      files.add(file);
      if (rest.length) (names[file] ??= []).push(rest.join('.'));
      else whole.add(file);
    }
  }
  for (const file of whole) delete names[file];
  return { files: [...files], names };
}

/** Whether the test `className.method` is selected by `names` (undefined: all) and the -k pattern. */
export function isSelected(className: string, method: string, names: readonly string[] | undefined, pattern?: RegExp): boolean {
  if (names && !names.some((name) => name === className || name === `${className}.${method}`)) return false;
  return !pattern || pattern.test(`${className} ${method}`) || pattern.test(method);
}
