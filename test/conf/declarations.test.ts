import { declareSetting, defaultValue, settingDeclaration, settingDeclarations } from '../../src/conf/declarations';
import '../../src/conf/global-settings';
import * as t from '../../src/conf/setting-types';

describe('declarations', () => {
  test('the core settings are declared with a type, a default and a doc', () => {
    const names = settingDeclarations().map((declaration) => declaration.name);
    for (const name of ['BASE_DIR', 'DEBUG', 'SECRET_KEY', 'SECRET_KEY_FALLBACKS', 'ALLOWED_HOSTS', 'INSTALLED_APPS', 'DATABASES', 'TIME_ZONE', 'SILENCED_SYSTEM_CHECKS']) {
      expect(names).toContain(name);
    }
    for (const declaration of settingDeclarations()) {
      expect(declaration.doc.length).toBeGreaterThan(10);
      expect(declaration.type.is(declaration.default)).toBe(true);
    }
    expect(settingDeclaration('DEBUG')).toMatchObject({ name: 'DEBUG', default: false, type: t.bool });
    expect(settingDeclaration('NOT_A_SETTING')).toBeUndefined();
  });

  test('a new setting can be declared once, with an upper-case name', () => {
    declareSetting({ name: 'TEST_PAGE_SIZE', type: t.int, default: 20, doc: 'Items per page in tests.' });
    expect(settingDeclaration('TEST_PAGE_SIZE')?.default).toBe(20);
    expect(() => declareSetting({ name: 'TEST_PAGE_SIZE', type: t.int, default: 10, doc: 'again' })).toThrow(
      'Setting TEST_PAGE_SIZE is declared twice',
    );
    expect(() => declareSetting({ name: 'pageSize', type: t.int, default: 1, doc: 'x' })).toThrow(
      "Setting names are upper case: 'pageSize'",
    );
    expect(() => declareSetting({ name: '1ST', type: t.int, default: 1, doc: 'x' })).toThrow('upper case');
  });

  test('defaultValue: project-relative defaults, and copies of shared objects', () => {
    expect(defaultValue(settingDeclaration('BASE_DIR')!, '/projects/site')).toBe('/projects/site');
    const databases = defaultValue(settingDeclaration('DATABASES')!, '/p') as Record<string, string>;
    expect(databases).toEqual({ default: 'pglite:.hyper/db' });
    databases.default = 'changed';
    expect(defaultValue(settingDeclaration('DATABASES')!, '/p')).toEqual({ default: 'pglite:.hyper/db' });
    expect(settingDeclaration('DATABASES')!.default).toEqual({ default: 'pglite:.hyper/db' });
  });
});
