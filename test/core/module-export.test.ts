// 'module#export' entries in settings (MIDDLEWARE, context processors, auth classes,
// CSRF_FAILURE_VIEW): one reading, one set of messages.
import { ImproperlyConfigured } from '../../src/core/errors';
import { loadExport, splitExportEntry } from '../../src/core/module-export';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';

let root: string;
beforeAll(() => {
  root = makeTempDir('hyper-module-export-');
  writeFiles(root, {
    'blog/hooks.ts': 'export function first() { return 1; }\nexport default function main() { return 2; }\nexport const value = 3;\n',
    'blog/plain.ts': 'export const value = 3;\n',
  });
});
afterAll(() => removeDir(root));

test('splits an entry at its last #, or at its last dot when dotted exports are allowed', () => {
  expect(splitExportEntry('blog/hooks#first')).toEqual({ moduleName: 'blog/hooks', exportName: 'first' });
  expect(splitExportEntry('blog/hooks')).toEqual({ moduleName: 'blog/hooks', exportName: null });
  expect(splitExportEntry('blog.hooks.first', true)).toEqual({ moduleName: 'blog.hooks', exportName: 'first' });
  expect(splitExportEntry('blog.hooks.first')).toEqual({ moduleName: 'blog.hooks.first', exportName: null });
});

test('loads the named export, or the default one', () => {
  expect(loadExport('blog/hooks#first', root, { setting: 'X' })()).toBe(1);
  expect(loadExport('blog/hooks', root, { setting: 'X' })()).toBe(2);
  expect(loadExport('blog.hooks.first', root, { setting: 'X', dottedExport: true })()).toBe(1);
});

test('says in one line what is wrong and how to name it', () => {
  expect(() => loadExport('blog/missing#x', root, { setting: 'MIDDLEWARE' })).toThrow(new ImproperlyConfigured(`MIDDLEWARE: the module 'blog/missing' of 'blog/missing#x' was not found under ${root} (looked for blog/missing.ts and blog/missing/index.ts).`));
  expect(() => loadExport('blog/hooks#value', root, { setting: 'X' })).toThrow("X: hooks.ts has no exported function or class 'value' ('blog/hooks#value').");
  expect(() => loadExport('blog/plain', root, { setting: 'X' })).toThrow("X: 'blog/plain' has no default export to use; export one as default or name it, e.g. 'blog/plain#name'.");
  expect(() => loadExport('blog/hooks', root, { setting: 'Y', requireExport: true })).toThrow("Y: 'blog/hooks' must name a module and an export, e.g. 'blog/hooks#name'.");
});
