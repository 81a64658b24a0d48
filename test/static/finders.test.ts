// Finders: STATICFILES_DIRS (with prefixes) before app static/ folders, the first
// match wins, findStaticAll lists every match, and unsafe paths are refused.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { findStatic, findStaticAll, listStatic } from '../../src/static';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';

let root: string;

beforeEach(() => {
  root = makeTempDir('hyper-finders-');
  writeFiles(root, {
    'blog/models.ts': 'export {};\n',
    'shop/models.ts': 'export {};\n',
    'static/css/site.css': 'body{}',
    'static/.secret': 'no',
    'static/notes.txt~': 'backup',
    'blog/static/css/site.css': 'app body{}',
    'blog/static/blog/app.js': 'blog',
    'shop/static/blog/app.js': 'shop',
    'vendor-files/lib.js': 'lib',
    'outside.txt': 'secret',
  });
  configure({ INSTALLED_APPS: ['blog', 'shop'], STATICFILES_DIRS: ['static', ['vendor', 'vendor-files']] }, { projectRoot: root });
  apps.reset();
  apps.loadConfigs(['blog', 'shop'], root);
});

afterEach(() => {
  resetSettings();
  apps.reset();
  removeDir(root);
});

test('STATICFILES_DIRS win over apps, and apps win in INSTALLED_APPS order', () => {
  expect(findStatic('css/site.css')).toBe(path.join(root, 'static/css/site.css'));
  expect(findStaticAll('css/site.css')).toEqual([path.join(root, 'static/css/site.css'), path.join(root, 'blog/static/css/site.css')]);
  expect(findStatic('blog/app.js')).toBe(path.join(root, 'blog/static/blog/app.js'));
  expect(findStaticAll('blog/app.js')).toHaveLength(2);
  expect(findStatic('nope.css')).toBeNull();
  expect(findStaticAll('nope.css')).toEqual([]);
});

test('a prefixed folder is found under its prefix only', () => {
  expect(findStatic('vendor/lib.js')).toBe(path.join(root, 'vendor-files/lib.js'));
  expect(findStatic('lib.js')).toBeNull();
  expect(findStatic('vendor')).toBeNull();
});

test('listStatic lists every file in precedence order with its source', () => {
  const list = listStatic();
  expect(list.map((entry) => [entry.path, entry.source])).toEqual([
    ['css/site.css', 'static'],
    ['vendor/lib.js', 'vendor-files'],
    ['blog/app.js', 'app blog'],
    ['css/site.css', 'app blog'],
    ['blog/app.js', 'app shop'],
  ]);
  expect(list[1].file).toBe(path.join(root, 'vendor-files/lib.js'));
});

test('ignored names are neither listed nor found; the patterns can be replaced', () => {
  expect(findStatic('.secret')).toBeNull();
  expect(findStatic('notes.txt~')).toBeNull();
  expect(listStatic({ ignore: ['*.js'] }).map((entry) => entry.path)).toEqual(['.secret', 'css/site.css', 'notes.txt~', 'css/site.css']);
});

test.each([
  '../outside.txt', 'css/../../outside.txt', '/etc/passwd', 'css\\site.css', 'css/site.css\0', '..', '', 'C:/x', 'vendor/../../outside.txt',
])('refuses the unsafe path %j', (unsafe) => {
  expect(findStatic(unsafe)).toBeNull();
  expect(findStaticAll(unsafe)).toEqual([]);
});

test('harmless spellings of a path are normalised', () => {
  expect(findStatic('./css//site.css')).toBe(path.join(root, 'static/css/site.css'));
});

test('a symlink leaving its root is neither found nor listed; one inside is', () => {
  fs.symlinkSync(path.join(root, 'outside.txt'), path.join(root, 'static/leak.txt'));
  fs.symlinkSync(path.join(root, 'static/css/site.css'), path.join(root, 'static/alias.css'));
  expect(findStatic('leak.txt')).toBeNull();
  expect(findStatic('alias.css')).toBe(path.join(root, 'static/alias.css'));
  const listed = listStatic().map((entry) => entry.path);
  expect(listed).not.toContain('leak.txt');
  expect(listed).toContain('alias.css');
});
