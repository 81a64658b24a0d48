// Which file a module name means: 'settings' -> settings.ts, 'config.settings' ->
// config/settings.ts, 'models' -> models.ts or models/index.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MODULE_EXTENSIONS = ['.ts', '.js', '.cts', '.cjs', '.mts', '.tsx'];

/** The candidate files a module name may mean, in the order they are tried. */
export function moduleCandidates(base: string, spec: string): string[] {
  const specs = [spec];
  // Django-style dotted names ('config.settings') when the name has no slash.
  if (!spec.includes('/') && !spec.includes('\\') && spec.includes('.') && !MODULE_EXTENSIONS.includes(path.extname(spec))) {
    specs.push(spec.split('.').join('/'));
  }
  const out: string[] = [];
  for (const candidate of specs) {
    const full = path.resolve(base, candidate);
    out.push(full, ...MODULE_EXTENSIONS.map((ext) => full + ext), ...MODULE_EXTENSIONS.map((ext) => path.join(full, `index${ext}`)));
  }
  return out;
}

/** The first candidate that is a file. */
export function resolveModuleFile(base: string, spec: string): string | undefined {
  return moduleCandidates(base, spec).find((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile());
}

