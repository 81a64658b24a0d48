// How a new project depends on the framework. From a checkout, the project's
// package.json says "file:<checkout>" and node_modules/hyperdjango is linked to it
// at once (so `npx hyper` and editors work with no install and no network); from an
// installed package, it names a version range and the user runs `npm install`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { frameworkRoot, frameworkVersion } from '../core/framework-root';

export function isCheckout(root = frameworkRoot()): boolean {
  return !root.split(path.sep).includes('node_modules');
}

export function frameworkDependency(): string {
  return isCheckout() ? `file:${frameworkRoot()}` : `^${frameworkVersion()}`;
}

/**
 * The project's devDependencies that the checkout has installed itself, with the
 * command each puts in node_modules/.bin: linked too, `npm run typecheck` works before
 * any npm install; the scaffold's package.json asks for the same ranges, so a later
 * npm install replaces the links with copies of its own.
 */
const DEV_LINKS: ReadonlyArray<{ name: string; bin?: [string, string] }> = [
  { name: 'typescript', bin: ['tsc', 'bin/tsc'] },
  { name: '@types/node' },
];

/** Links node_modules/hyperdjango and node_modules/.bin/hyper in a new project, as npm would for a file: dependency. */
export function linkFramework(projectDir: string): void {
  const modules = path.join(projectDir, 'node_modules');
  fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
  fs.symlinkSync(frameworkRoot(), path.join(modules, 'hyperdjango'), 'dir');
  fs.symlinkSync(path.join('..', 'hyperdjango', 'bin', 'hyper.js'), path.join(modules, '.bin', 'hyper'));
  for (const { name, bin } of DEV_LINKS) {
    const installed = path.join(frameworkRoot(), 'node_modules', name);
    if (!fs.existsSync(path.join(installed, 'package.json'))) continue;
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(installed, path.join(modules, name), 'dir');
    if (bin) fs.symlinkSync(path.join('..', name, bin[1]), path.join(modules, '.bin', bin[0]));
  }
}
