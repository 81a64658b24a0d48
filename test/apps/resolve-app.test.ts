import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImproperlyConfigured } from '../../src/core/errors';
import { FRAMEWORK_PREFIX, frameworkAppNames, resolveApp } from '../../src/apps/resolve-app';

let root: string;
beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-resolve-app-')));
  const files: Record<string, string> = {
    'blog/models.ts': '',
    'apps/shop/apps.ts': '',
    'notes/.keep': '',
    'node_modules/hyper-polls/package.json': JSON.stringify({ name: 'hyper-polls', main: 'index.js' }),
    'node_modules/@acme/wiki/package.json': JSON.stringify({ name: '@acme/wiki' }),
  };
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function failure(entry: string): string {
  try {
    resolveApp(entry, root);
  } catch (error) {
    expect(error).toBeInstanceOf(ImproperlyConfigured);
    return (error as Error).message;
  }
  throw new Error(`${entry} resolved`);
}

describe('resolveApp', () => {
  test('a folder of the project', () => {
    expect(resolveApp('blog', root)).toEqual({ name: 'blog', path: path.join(root, 'blog'), kind: 'project' });
    // Any folder will do, with or without apps.ts or models.ts.
    expect(resolveApp('notes', root).path).toBe(path.join(root, 'notes'));
  });

  test('a nested folder, by path or by dotted name', () => {
    expect(resolveApp('apps/shop', root)).toEqual({ name: 'apps/shop', path: path.join(root, 'apps', 'shop'), kind: 'project' });
    expect(resolveApp('apps.shop', root)).toEqual({ name: 'apps.shop', path: path.join(root, 'apps', 'shop'), kind: 'project' });
  });

  test('an npm package installed in the project', () => {
    expect(resolveApp('hyper-polls', root)).toEqual({
      name: 'hyper-polls',
      path: path.join(root, 'node_modules', 'hyper-polls'),
      kind: 'package',
    });
    expect(resolveApp('@acme/wiki', root).path).toBe(path.join(root, 'node_modules', '@acme', 'wiki'));
  });

  test('a project folder wins over a package of the same name', () => {
    fs.mkdirSync(path.join(root, 'node_modules', 'blog'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', 'blog', 'package.json'), '{"name": "blog"}');
    expect(resolveApp('blog', root).kind).toBe('project');
  });

  test('an unknown app close to a project app: "Did you mean"', () => {
    expect(failure('blgo')).toBe(
      `Unknown app 'blgo' in INSTALLED_APPS: no folder blgo/ in ${root} and no package 'blgo'. Did you mean 'blog'?`,
    );
  });

  test('an unknown app with nothing close: how to create it', () => {
    expect(failure('inventory')).toBe(
      `Unknown app 'inventory' in INSTALLED_APPS: no folder inventory/ in ${root} and no package 'inventory'. ` +
        'Create it with `hyper startapp inventory`.',
    );
  });

  test('folders that are not apps, hidden folders and node_modules are not suggested', () => {
    fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
    fs.writeFileSync(path.join(root, '.cache', 'models.ts'), '');
    expect(failure('note')).toMatch(/Create it with/); // 'notes' has neither apps.ts nor models.ts
    expect(failure('.cach')).toMatch(/Create it with/);
  });

  test('an unknown framework app lists the framework apps there are', () => {
    const names = frameworkAppNames();
    for (const name of names) expect(name.startsWith(FRAMEWORK_PREFIX)).toBe(true);
    const message = failure('hyperdjango.no_such_app');
    expect(message).toMatch(/^Unknown app 'hyperdjango\.no_such_app' in INSTALLED_APPS: there is no framework app of that name\./);
    expect(message.endsWith(` Framework apps: ${names.join(', ') || 'none'}.`) || message.includes('Did you mean')).toBe(true);
  });

  test('framework app names cannot reach outside the framework', () => {
    expect(failure('hyperdjango.../../src')).toMatch(/there is no framework app of that name/);
    expect(failure('hyperdjango.')).toMatch(/there is no framework app of that name/);
  });
});
