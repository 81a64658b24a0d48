// The cache checks: at `check --deploy` an alias that cannot be reached is an error
// (caches.E001), and serve's warning for local memory under several workers (caches.W001).
import { caches } from '../../src/cache';
import { localMemoryWarnings } from '../../src/cache/checks';
import { registry } from '../../src/checks/registry';
import { configure, loadedSettings, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db';

afterAll(async () => {
  await caches.closeAll();
  await connections.reset();
  resetSettings();
});

const deployChecks = () => registry.runChecks({ settings: loadedSettings(), tags: ['caches'], includeDeployChecks: true });

it('caches.E001 names an alias that cannot be reached, at check --deploy only', async () => {
  configure({
    CACHES: {
      default: { BACKEND: 'hyperdjango.cache.LocMemCache' },
      sessions: { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:1/0', OPTIONS: { CONNECT_TIMEOUT: 200 } },
    },
  });
  const messages = await deployChecks();
  expect(messages.map((m) => [m.id, m.obj])).toEqual([['caches.E001', "CACHES['sessions']"]]);
  expect(messages[0].msg).toContain('cannot reach Redis at redis://127.0.0.1:1/0');
  expect(await registry.runChecks({ settings: loadedSettings(), tags: ['caches'] })).toEqual([]);
});

it('caches.E001 for a database cache whose table was never created says to create it', async () => {
  configure({ DATABASES: { default: 'pglite:memory:' }, CACHES: { default: { BACKEND: 'hyperdjango.cache.DatabaseCache', LOCATION: 'never_made' } } });
  const messages = await deployChecks();
  expect(messages.map((m) => m.id)).toEqual(['caches.E001']);
  expect(messages[0].msg).toContain('hyper createcachetable');
});

it('caches.W001 warns of local memory under several workers, not under one', () => {
  configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache' }, shared: { BACKEND: 'hyperdjango.cache.RedisCache' } } });
  expect(localMemoryWarnings(1)).toEqual([]);
  expect(localMemoryWarnings(4).map((m) => [m.id, m.obj])).toEqual([['caches.W001', "CACHES['default']"]]);
});
