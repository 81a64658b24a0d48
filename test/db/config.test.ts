import * as path from 'node:path';
import { ImproperlyConfigured } from '../../src/core/errors';
import { describeDatabase, hidePassword, maskUrl, parseDatabaseConfig } from '../../src/db/config';
import { ConnectionHandler } from '../../src/db/connection-handler';

const BASE = '/srv/site';

describe('parseDatabaseConfig', () => {
  test('a server URL with the options this layer reads', () => {
    const config = parseDatabaseConfig(
      'default',
      'postgres://ann:s3cret@db.local:6543/shop?pool=4&statement_timeout=5000&application_name=web&sslmode=disable',
      BASE,
    );
    expect(config).toEqual({
      alias: 'default',
      kind: 'postgres',
      url: 'postgres://ann:s3cret@db.local:6543/shop?sslmode=disable',
      poolSize: 4,
      statementTimeout: 5000,
      applicationName: 'web',
    });
  });

  test('postgresql:// and the defaults', () => {
    const config = parseDatabaseConfig('other', 'postgresql://localhost/x', BASE);
    expect(config).toMatchObject({ kind: 'postgres', poolSize: 10, applicationName: 'hyperdjango', statementTimeout: undefined });
  });

  test('pglite folders resolve against BASE_DIR; memory is in memory', () => {
    expect(parseDatabaseConfig('default', 'pglite:.hyper/db', BASE)).toMatchObject({
      kind: 'pglite',
      dir: path.join(BASE, '.hyper/db'),
      poolSize: 1,
    });
    expect(parseDatabaseConfig('default', 'pglite:/var/db', BASE).dir).toBe('/var/db');
    expect(parseDatabaseConfig('default', 'pglite:memory:', BASE).dir).toBe('memory://');
  });

  test('the object form; its options win over the URL', () => {
    const config = parseDatabaseConfig(
      'replica',
      { URL: 'postgres://u@h/db?pool=3', POOL_SIZE: 20, STATEMENT_TIMEOUT: 100, APPLICATION_NAME: 'reports' },
      BASE,
    );
    expect(config).toMatchObject({ alias: 'replica', poolSize: 20, statementTimeout: 100, applicationName: 'reports', url: 'postgres://u@h/db' });
  });

  test.each([
    ['mysql://u:hunter22@h/db', /^DATABASES\['default'\] uses the scheme 'mysql:', which is not supported; use postgres:\/\/user:password@host:5432\/name \(or postgresql:\/\/\) for a PostgreSQL server, or pglite:<folder> or pglite:memory: for the embedded database\.$/],
    ['MySQL://u:hunter22@h/db', /uses the scheme 'mysql:'/],
    ['postgres:u:hunter22@h/db', /uses 'postgres:' without '\/\/'; use postgres:\/\//],
    ['u:hunter22@h/db', /uses the scheme 'u:'/],
    ['localhost/db', /uses a URL with no scheme; use postgres:\/\//],
    ['pglite:', /'pglite:' needs a folder/],
    ['postgres://u@h/db?pool=zero', /'pool' URL option must be an integer of at least 1, got "zero"/],
    ['postgres://u@h/db?pool=0', /at least 1/],
    ['postgres://u@h/db?statement_timeout=-1', /statement_timeout/],
  ])('%s is refused in one line', (value, message) => {
    const attempt = () => parseDatabaseConfig('default', value, BASE);
    expect(attempt).toThrow(ImproperlyConfigured);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message).not.toContain('hunter22');
    }
  });

  test('bad object forms', () => {
    expect(() => parseDatabaseConfig('x', { URL: 'postgres://h/db', POOLSIZE: 3 }, BASE)).toThrow(
      "DATABASES['x'] has an unknown option 'POOLSIZE'. Did you mean 'POOL_SIZE'?",
    );
    expect(() => parseDatabaseConfig('x', { POOL_SIZE: 3 }, BASE)).toThrow(/DATABASES\['x'\]\.URL must be a database URL/);
    expect(() => parseDatabaseConfig('x', { URL: 'postgres://h/db', POOL_SIZE: 1.5 }, BASE)).toThrow(/POOL_SIZE must be an integer/);
  });
});

describe('passwords stay hidden', () => {
  test('maskUrl', () => {
    expect(maskUrl('postgres://ann:s3cret@h:5432/db')).toBe('postgres://ann:***@h:5432/db');
    expect(maskUrl('postgres://ann@h/db')).toBe('postgres://ann@h/db');
    expect(maskUrl('weird://ann:pa ss@h/db')).toBe('weird://ann:***@h/db');
  });

  test('hidePassword and describeDatabase', () => {
    const config = parseDatabaseConfig('default', 'postgres://ann:p%40ssword@h/db', BASE);
    expect(describeDatabase(config)).toBe('postgres://ann:***@h/db');
    expect(hidePassword('login p@ssword failed for postgres://ann:p%40ssword@h/db', config)).toBe(
      'login *** failed for postgres://ann:***@h/db',
    );
    expect(describeDatabase(parseDatabaseConfig('default', 'pglite:memory:', BASE))).toBe('pglite:memory:');
  });
});

describe('ConnectionHandler', () => {
  const handler = new ConnectionHandler({ default: 'pglite:memory:', replica: 'postgres://u@h/db' }, BASE);

  test('aliases, lazy connections, one per alias', () => {
    expect(handler.aliases()).toEqual(['default', 'replica']);
    expect(handler.get()).toBe(handler.get('default'));
    expect(handler.get('replica').config.kind).toBe('postgres');
  });

  test('an unknown alias suggests the closest', () => {
    expect(() => handler.get('replcia')).toThrow("The database alias 'replcia' is not in DATABASES. Did you mean 'replica'?");
    expect(() => handler.get('zzz')).toThrow('The aliases are: default, replica.');
  });

  test('a bad entry is reported when its alias is first used', () => {
    const bad = new ConnectionHandler({ default: 'sqlite:db.sqlite3' }, BASE);
    expect(bad.aliases()).toEqual(['default']);
    expect(() => bad.get()).toThrow(ImproperlyConfigured);
  });

  test('each failure has its code: an unknown alias, an unsupported URL, a bad entry', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return (error as ImproperlyConfigured).code;
      }
      return undefined;
    };
    expect(codeOf(() => handler.get('zzz'))).toBe('HYPER_DB_UNKNOWN_ALIAS');
    expect(codeOf(() => new ConnectionHandler({ default: 'mysql://u@h/db' }, BASE).get())).toBe('HYPER_DB_UNSUPPORTED_URL');
    expect(codeOf(() => parseDatabaseConfig('x', { URL: 'postgres://h/db', POOLSIZE: 3 }, BASE))).toBe('HYPER_DB_BAD_CONFIG');
  });

  afterAll(() => handler.closeAll());
});
