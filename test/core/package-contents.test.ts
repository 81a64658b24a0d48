// What `npm pack` puts in the published package: everything an installed copy
// runs, including what its install script needs to build the native addon.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/temp-project';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const packed = new Set<string>(
  JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0].files.map(
    (file: { path: string }) => file.path,
  ),
);

/** The file and every local file it requires or includes, transitively. */
function withLocalDependencies(file: string, pattern: RegExp, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
  for (const [, target] of text.matchAll(pattern)) {
    let dependency = path.posix.normalize(path.posix.join(path.posix.dirname(file), target));
    if (!path.posix.extname(dependency)) dependency += '.js';
    if (fs.existsSync(path.join(REPO_ROOT, dependency))) withLocalDependencies(dependency, pattern, seen);
  }
  return seen;
}

test('the install script and everything it builds from are packed', () => {
  const script = /^node (\S+)$/.exec(pkg.scripts.install)?.[1];
  expect(script).toBeDefined();
  const needed = [...withLocalDependencies(script!, /require\('(\.\.?\/[^']+)'\)/g)];
  const gyp = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'native', 'binding.gyp'), 'utf8'));
  needed.push('native/binding.gyp');
  for (const source of gyp.targets.flatMap((target: { sources: string[] }) => target.sources)) {
    needed.push(...withLocalDependencies(path.posix.join('native', source), /#include "([^"]+)"/g));
  }
  expect(needed.filter((file) => !packed.has(file))).toEqual([]);
});

test('the CLI and every export are packed', () => {
  const exported = Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)));
  const needed = [...Object.values(pkg.bin as Record<string, string>), pkg.main, ...exported].map((file) => path.posix.normalize(file));
  expect(needed.filter((file) => !packed.has(file))).toEqual([]);
});
