// The staticfiles checks on settings given from code, and the progress bar.
import { checkStaticFilesSettings, checkStaticRootForDeploy } from '../../src/contrib/staticfiles/checks';
import { progressBar } from '../../src/contrib/staticfiles/progress';
import { configure, resetSettings } from '../../src/conf/settings';
import { OutputWrapper } from '../../src/management/output';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';

let root: string;
beforeEach(() => {
  root = makeTempDir('hyper-static-checks-');
  writeFiles(root, { 'static/a.css': '', 'front/app.ts': '' });
});
afterEach(() => {
  resetSettings();
  removeDir(root);
});

const ids = (values: Record<string, unknown>, check = checkStaticFilesSettings) =>
  check({ settings: configure(values, { projectRoot: root }), appConfigs: null, databases: [] }).map((message) => message.id);

test('good settings pass', () => {
  expect(ids({ STATIC_ROOT: 'out', STATICFILES_DIRS: ['static', ['vendor', 'static']], STATICFILES_BUNDLES: { 'js/app.js': 'front/app.ts' } })).toEqual([]);
});

test('each problem has its id', () => {
  expect(ids({ STATIC_URL: '/static' })).toEqual(['staticfiles.E001']);
  expect(ids({ STATIC_ROOT: 'static/out', STATICFILES_DIRS: ['static'] })).toEqual(['staticfiles.E002']);
  expect(ids({ STATIC_ROOT: '.', STATICFILES_DIRS: ['static'] })).toEqual(['staticfiles.E002']);
  expect(ids({ STATICFILES_DIRS: [['/vendor', 'static'], ['a/../b', 'static']] })).toEqual(['staticfiles.E003', 'staticfiles.E003']);
  expect(ids({ STATICFILES_DIRS: ['missing'] })).toEqual(['staticfiles.W004']);
  expect(ids({ STATICFILES_BUNDLES: { 'js/app.js': 'front/none.ts' } })).toEqual(['staticfiles.E005']);
  expect(ids({ STATICFILES_BUNDLES: { '../app.js': 'front/app.ts' } })).toEqual(['staticfiles.E006']);
});

test('deploy: STATIC_ROOT must be set', () => {
  expect(ids({ STATIC_ROOT: null }, checkStaticRootForDeploy)).toEqual(['staticfiles.W007']);
  expect(ids({ STATIC_ROOT: 'out' }, checkStaticRootForDeploy)).toEqual([]);
});

test('the progress bar draws in place above its threshold and clears its line', () => {
  let text = '';
  const bar = progressBar(new OutputWrapper({ write: (chunk: string) => (text += chunk), isTTY: true }), 3);
  bar.update(1, 2);
  expect(text).toBe('');
  bar.update(2, 4);
  bar.update(4, 4);
  bar.done();
  expect(text).toBe(`\rCollecting static files [${'#'.repeat(15)}${' '.repeat(15)}] 2/4\rCollecting static files [${'#'.repeat(30)}] 4/4\r\x1b[K`);
});
