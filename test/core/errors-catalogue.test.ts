// docs/errors.md lists every error code the framework raises, as docs/checks.md lists
// the check ids: each 'HYPER_...' code written in src/ or commands/ has a row in its
// tables, and each row names a code still in use. And the framework raises only
// catalogue errors: no bare `throw new Error(...)` (or TypeError, RangeError), whose
// class and missing code tell a program nothing.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/temp-project';

const CODE = /'(HYPER_[A-Z0-9_]+)'/g;
const ROW = /^\| `(HYPER_[A-Z0-9_]+)` \|/gm;
const RAW_THROW = /\b(?:throw|reject\()\s*new (?:Error|TypeError|RangeError)\(/;

/** 'HYPER_...' literals that name environment variables, not errors. */
const ENVIRONMENT_VARIABLES = new Set(['HYPER_SETTINGS_MODULE', 'HYPER_DEBUG', 'HYPER_TEST_WORKER', 'HYPER_RUNSERVER_REPORTED_MIGRATIONS', 'HYPER_JEST_DATABASES']);

/**
 * Raw throws kept on purpose: a failure no caller can act on, so no code to branch on.
 * Each entry: the file, the text of the line, and why. The list only shrinks.
 */
const ALLOWED_RAW_THROWS: Array<{ file: string; line: string; reason: string }> = [];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

const files = ['src', 'commands'].flatMap((dir) => sourceFiles(path.join(REPO_ROOT, dir)));
const relative = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

function documentedCodes(): string[] {
  return [...fs.readFileSync(path.join(REPO_ROOT, 'docs', 'errors.md'), 'utf8').matchAll(ROW)].map((match) => match[1]);
}

function usedCodes(): Set<string> {
  const codes = files.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(CODE)].map((match) => match[1]));
  return new Set(codes.filter((code) => !ENVIRONMENT_VARIABLES.has(code)));
}

test('every error code in src/ and commands/ has a row in docs/errors.md', () => {
  const documented = new Set(documentedCodes());
  const used = usedCodes();
  expect(used.has('HYPER_IMPROPERLY_CONFIGURED')).toBe(true);
  expect([...used].filter((code) => !documented.has(code)).sort()).toEqual([]);
});

test('every row of docs/errors.md names a code that src/ or commands/ still raises, once', () => {
  const documented = documentedCodes();
  const used = usedCodes();
  expect(documented.filter((code) => !used.has(code)).sort()).toEqual([]);
  expect(documented.filter((code, index) => documented.indexOf(code) !== index)).toEqual([]);
});

test('the environment variables left out of the codes are still read', () => {
  const text = files.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
  expect([...ENVIRONMENT_VARIABLES].filter((name) => !text.includes(`'${name}'`))).toEqual([]);
});

test('src/ and commands/ raise catalogue errors, not bare Error, TypeError or RangeError', () => {
  const found: string[] = [];
  const allowedSeen = new Set<number>();
  for (const file of files) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((text, index) => {
      if (!RAW_THROW.test(text)) return;
      const allowed = ALLOWED_RAW_THROWS.findIndex((entry) => entry.file === relative(file) && text.includes(entry.line));
      if (allowed === -1) found.push(`${relative(file)}:${index + 1}: ${text.trim()}`);
      else allowedSeen.add(allowed);
    });
  }
  expect(found).toEqual([]);
  // An entry whose throw is gone leaves the list.
  expect(ALLOWED_RAW_THROWS.filter((_, index) => !allowedSeen.has(index))).toEqual([]);
});
