import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { ImproperlyConfigured } from '../../src/core/errors';
import { allowMigrate, allowRelation, ConnectionRouter, routeForRead, routeForWrite } from '../../src/db/routers';

class Post {}
class Report {}

const replicaRouter = {
  dbForRead: (model: unknown) => (model === Report ? 'replica' : null),
  dbForWrite: () => undefined,
  allowMigrate: (db: string, appLabel: string) => (appLabel === 'reports' ? db === 'replica' : null),
};

describe('ConnectionRouter', () => {
  test('the first router with an answer decides; default otherwise', () => {
    const router = new ConnectionRouter([{ dbForWrite: () => null }, replicaRouter, { dbForRead: () => 'never reached' }]);
    expect(router.dbForRead(Report)).toBe('replica');
    expect(router.dbForRead(Post)).toBe('never reached');
    expect(router.dbForWrite(Post)).toBe('default');
    expect(router.allowMigrate('default', 'reports')).toBe(false);
    expect(router.allowMigrate('replica', 'reports')).toBe(true);
    expect(router.allowMigrate('default', 'blog')).toBe(true);
  });

  test("with no answer, the hinted instance's database", () => {
    const router = new ConnectionRouter([]);
    const instance = { _state: { db: 'other' } };
    expect(router.dbForWrite(Post, { instance })).toBe('other');
    expect(router.allowRelation(instance, { _state: { db: 'other' } })).toBe(true);
    expect(router.allowRelation(instance, { _state: { db: 'default' } })).toBe(false);
    expect(new ConnectionRouter([{ allowRelation: () => true }]).allowRelation(instance, {})).toBe(true);
  });

  test('classes are instantiated; module names are loaded from the project', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-routers-'));
    try {
      fs.writeFileSync(path.join(dir, 'routers.js'), "exports.Primary = class { dbForWrite() { return 'primary'; } };\nexports.default = { dbForRead: () => 'replica' };\n");
      const router = new ConnectionRouter(['routers', 'routers.Primary', class { allowMigrate() { return false; } }], dir);
      expect(router.dbForRead(Post)).toBe('replica');
      expect(router.dbForWrite(Post)).toBe('primary');
      expect(router.allowMigrate('default', 'blog')).toBe(false);
      expect(() => new ConnectionRouter(['nowhere.Router'], dir)).toThrow(ImproperlyConfigured);
      expect(() => new ConnectionRouter([{ unrelated: 1 } as never], dir)).not.toThrow();
      fs.writeFileSync(path.join(dir, 'empty.js'), 'exports.default = { nothing: 1 };\n');
      expect(() => new ConnectionRouter(['empty'], dir)).toThrow("DATABASE_ROUTERS entry 'empty' has none of the router methods");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DATABASE_ROUTERS', () => {
  afterEach(() => resetSettings());

  test('routes by the current settings', () => {
    configure({ DATABASE_ROUTERS: [replicaRouter] });
    expect(routeForRead(Report)).toBe('replica');
    expect(routeForWrite(Report)).toBe('default');
    expect(allowMigrate('default', 'reports')).toBe(false);
    expect(allowRelation({}, {})).toBe(true);
    configure({});
    expect(routeForRead(Report)).toBe('default');
  });

  test('is checked when settings load', () => {
    expect(() => configure({ DATABASE_ROUTERS: [42] })).toThrow(/DATABASE_ROUTERS must be a list of router objects, classes or module names/);
  });
});
