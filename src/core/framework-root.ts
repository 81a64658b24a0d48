import * as fs from 'node:fs';
import * as path from 'node:path';
import { ImproperlyConfigured } from './errors';

let root: string | undefined;

/**
 * The folder of the framework's own package.json. Found by walking up, because the
 * same module runs from src/ (tests) and from dist/src/ (the built package).
 */
export function frameworkRoot(): string {
  if (root !== undefined) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'hyperdjango') {
      root = dir;
      return dir;
    }
    if (path.dirname(dir) === dir) throw new ImproperlyConfigured(`hyperdjango: no package.json named "hyperdjango" above ${__dirname}; the installed package is incomplete: reinstall it (npm install hyperdjango).`, { code: 'HYPER_FRAMEWORK_ROOT_MISSING' });
  }
}

/** The framework's version, from its package.json. */
export function frameworkVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(frameworkRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
