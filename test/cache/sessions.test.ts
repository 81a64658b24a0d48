// The 'cache' and 'cached_db' session engines: the store API on a local-memory cache and
// on Redis, the middleware through the test client, and cached_db on PGlite and
// PostgreSQL keeping sessions when the cache is lost or unreachable.
import { apps } from '../../src/apps/registry';
import { caches } from '../../src/cache';
import { CacheSessionStore, CachedDbSessionStore, getSessionStore, Session } from '../../src/contrib/sessions';
import { Client } from '../../src/test-client';
import { BACKENDS } from '../support/test-databases';
import { MIDDLEWARE, reconfigure, useSessionDatabase } from '../sessions/support';

const quiet = () => undefined;
const RUN = `hyper-sessions-${process.pid}-${Date.now().toString(36)}`;
const CACHES = {
  locmem: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: RUN } },
  redis: { default: { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:6379/0', KEY_PREFIX: RUN } },
};

beforeAll(() => apps.populate(['hyperdjango.sessions'], process.cwd()));
afterAll(async () => {
  await caches.closeAll();
  apps.reset();
});

describe.each(['locmem', 'redis'] as const)("SESSION_ENGINE 'cache' on %s", (store) => {
  useSessionDatabase('pglite');
  beforeEach(() => reconfigure({ SESSION_ENGINE: 'cache', CACHES: CACHES[store] }));
  afterEach(() => caches.get('default').clear());

  it('saves, loads and deletes through the cache alone, never adopting an unknown key', async () => {
    const Store = getSessionStore();
    expect(Store).toBe(CacheSessionStore);
    const session = new Store();
    session.set('cart', [1, 2]);
    await session.save();
    const key = session.sessionKey!;
    expect(key).toMatch(/^[a-z0-9]{32}$/);
    expect(await Session.objects.count()).toBe(0);
    const again = new Store(key);
    await again.load();
    expect(again.get('cart')).toEqual([1, 2]);
    expect(await again.exists(key)).toBe(true);
    await again.deleteRecord();
    expect(await again.exists(key)).toBe(false);
    const unknown = new Store('attackerchosenkey000000000000000');
    await unknown.load();
    expect(unknown.sessionKey).toBeNull();
  });

  it('works under the middleware: set, then read back by the cookie', async () => {
    const c = new Client({ middleware: MIDDLEWARE, log: quiet });
    await c.get('/set/color/blue/');
    expect((await c.get('/get/color/')).json()).toEqual({ value: 'blue', key: c.cookies.get('sessionid') });
  });
});

describe.each(BACKENDS)("SESSION_ENGINE 'cached_db' on %s", (kind) => {
  useSessionDatabase(kind);
  beforeEach(() => reconfigure({ SESSION_ENGINE: 'cached_db', CACHES: CACHES.locmem }));
  afterEach(() => caches.get('default').clear().catch(() => undefined));

  it('writes the database and the cache; a lost cache is refilled from the database', async () => {
    const Store = getSessionStore();
    expect(Store).toBe(CachedDbSessionStore);
    const session = new Store();
    session.set('user', 7);
    await session.save();
    const key = session.sessionKey!;
    expect(await Session.objects.count()).toBe(1);
    await caches.get('default').clear();
    const again = new Store(key);
    await again.load();
    expect(again.get('user')).toBe(7);
    // Refilled: the database row gone, the cache still answers.
    await Session.objects.all().delete();
    const cached = new Store(key);
    await cached.load();
    expect(cached.get('user')).toBe(7);
    await cached.deleteRecord();
    expect(await cached.exists(key)).toBe(false);
  });

  it('keeps users logged in from the database while the cache cannot be reached', async () => {
    reconfigure({ SESSION_ENGINE: 'cachedDb', CACHES: { default: { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:1/0', OPTIONS: { CONNECT_TIMEOUT: 100 } } } });
    const warnings: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (warnings.push(String(chunk)), true));
    try {
      const c = new Client({ middleware: MIDDLEWARE, log: quiet });
      await c.get('/set/color/green/');
      expect((await c.get('/get/color/')).json()).toEqual({ value: 'green', key: c.cookies.get('sessionid') });
    } finally {
      spy.mockRestore();
    }
    expect(warnings.join('')).toContain('cannot reach Redis');
  });
});
