// Temporary project folders for tests: files written from a map, removed afterwards.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** An import path to a source module, for fixture files that live outside the repo. */
export function srcModule(relative: string): string {
  return JSON.stringify(path.join(REPO_ROOT, 'src', relative));
}

export function makeTempDir(prefix = 'hyper-test-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

// Jest loads this module afresh for each test file, so the hook is that file's.
const suiteDirs: string[] = [];
afterAll(() => suiteDirs.splice(0).forEach(removeDir));

/** A temporary folder removed when the current test file's tests are done (usable inside a test). */
export function makeSuiteTempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  suiteDirs.push(dir);
  return dir;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
