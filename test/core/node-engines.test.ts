// The Node releases the project promises are the ones its packages accept, so
// `npm ci` gives no EBADENGINE warning: a clone (every package in package-lock.json)
// runs on the release the README names, and an installed hyperdjango (its runtime
// packages) on the one package.json's "engines" declares.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';
import { REPO_ROOT } from '../support/temp-project';

interface LockPackage {
  dev?: boolean;
  engines?: { node?: string } | string[];
}

const readJson = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, name), 'utf8'));

/** "From a clone of this repository (Node 20.17 or later)" -> 20.17.0. */
function cloneMinimum(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const match = /From a clone of this repository \(Node (\d+(?:\.\d+){0,2}) or later\b/.exec(readme);
  if (!match) throw new Error('README.md does not say "From a clone of this repository (Node N or later"');
  return semver.coerce(match[1])!.version;
}

/** The locked packages (dev ones too, or not) whose engines.node excludes `release`. */
function excluding(release: string, withDev: boolean): string[] {
  const packages = readJson('package-lock.json').packages as Record<string, LockPackage>;
  return Object.entries(packages)
    .filter(([where, entry]) => where !== '' && (withDev || !entry.dev))
    .map(([where, entry]) => ({ where, range: Array.isArray(entry.engines) ? undefined : entry.engines?.node }))
    .filter(({ range }) => range !== undefined && !semver.satisfies(release, range))
    .map(({ where, range }) => `${where} wants node ${range}`);
}

test("every locked package runs on the README's minimum Node release for a clone", () => {
  expect(excluding(cloneMinimum(), true)).toEqual([]);
});

test('every runtime package runs on the minimum Node release package.json declares', () => {
  const declared = semver.minVersion(readJson('package.json').engines.node)!.version;
  expect(excluding(declared, false)).toEqual([]);
  // A clone needs at least what an installed package needs.
  expect(semver.gte(cloneMinimum(), declared)).toBe(true);
});
