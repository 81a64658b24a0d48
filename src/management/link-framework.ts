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

/** Links node_modules/hyperdjango and node_modules/.bin/hyper in a new project, as npm would for a file: dependency. */
export function linkFramework(projectDir: string): void {
  const modules = path.join(projectDir, 'node_modules');
  fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
  fs.symlinkSync(frameworkRoot(), path.join(modules, 'hyperdjango'), 'dir');
  fs.symlinkSync(path.join('..', 'hyperdjango', 'bin', 'hyper.js'), path.join(modules, '.bin', 'hyper'));
}
