import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MODULE_EXTENSIONS, moduleCandidates, resolveModuleFile } from '../../src/core/module-file';

let root: string;
function touch(relative: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  return file;
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-module-file-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('resolveModuleFile', () => {
  test('a bare name finds the .ts file', () => {
    const file = touch('settings.ts');
    expect(resolveModuleFile(root, 'settings')).toBe(file);
  });

  test.each(MODULE_EXTENSIONS)('a bare name finds a %s file', (extension) => {
    const file = touch(`settings${extension}`);
    expect(resolveModuleFile(root, 'settings')).toBe(file);
  });

  test('.ts is preferred over .js when both exist', () => {
    const ts = touch('models.ts');
    touch('models.js');
    expect(resolveModuleFile(root, 'models')).toBe(ts);
  });

  test('a name with its extension is taken as is', () => {
    touch('settings.ts');
    const js = touch('settings.js');
    expect(resolveModuleFile(root, 'settings.js')).toBe(js);
  });

  test('a folder with an index file', () => {
    const index = touch('models/index.ts');
    expect(resolveModuleFile(root, 'models')).toBe(index);
    // A file beside the folder wins over its index, as in Node.
    const file = touch('models.ts');
    expect(resolveModuleFile(root, 'models')).toBe(file);
  });

  test('a folder without an index file is not a module', () => {
    fs.mkdirSync(path.join(root, 'models'));
    expect(resolveModuleFile(root, 'models')).toBeUndefined();
  });

  test('Django-style dotted names mean folders', () => {
    const file = touch('config/settings.ts');
    expect(resolveModuleFile(root, 'config.settings')).toBe(file);
    const deep = touch('a/b/c/index.ts');
    expect(resolveModuleFile(root, 'a.b.c')).toBe(deep);
  });

  test('a file whose name has a dot wins over the dotted-folder reading', () => {
    touch('config/settings.ts');
    const dotted = touch('config.settings.ts');
    expect(resolveModuleFile(root, 'config.settings')).toBe(dotted);
  });

  test('paths with slashes are relative to the base, and absolute paths are kept', () => {
    const file = touch('config/settings.ts');
    expect(resolveModuleFile(root, 'config/settings')).toBe(file);
    expect(resolveModuleFile(root, './config/settings.ts')).toBe(file);
    expect(resolveModuleFile('/nonexistent-base', file)).toBe(file);
    expect(resolveModuleFile(path.join(root, 'config'), '../config/settings')).toBe(file);
  });

  test('nothing found is undefined', () => {
    expect(resolveModuleFile(root, 'settings')).toBeUndefined();
    expect(resolveModuleFile(path.join(root, 'missing-folder'), 'settings')).toBeUndefined();
  });
});

describe('moduleCandidates', () => {
  test('the exact path first, then extensions, then index files, all absolute', () => {
    const candidates = moduleCandidates('/base', 'settings');
    expect(candidates[0]).toBe('/base/settings');
    expect(candidates.slice(1, 1 + MODULE_EXTENSIONS.length)).toEqual(MODULE_EXTENSIONS.map((ext) => `/base/settings${ext}`));
    expect(candidates).toContain('/base/settings/index.ts');
    expect(candidates.indexOf('/base/settings.js')).toBeLessThan(candidates.indexOf('/base/settings/index.ts'));
  });

  test('the dotted reading comes after the literal one, and only without a slash', () => {
    const dotted = moduleCandidates('/base', 'config.settings');
    expect(dotted.indexOf('/base/config/settings.ts')).toBeGreaterThan(dotted.indexOf('/base/config.settings.ts'));
    expect(moduleCandidates('/base', 'dir/config.settings')).not.toContain('/base/dir/config/settings.ts');
  });
});
