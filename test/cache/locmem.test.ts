// The local-memory and dummy caches, and the CACHES setting: aliases, validation,
// Django's backend names, KEY_PREFIX/VERSION/KEY_FUNCTION, rebuilding on reconfigure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cache, caches, createCache, DummyCache, LocMemCache } from '../../src/cache';
import { configure, resetSettings } from '../../src/conf/settings';
import { cacheConformance } from './cache-conformance';

let store = 0;
beforeAll(() => configure({}));
afterAll(() => resetSettings());

cacheConformance('LocMemCache', async () => ({ cache: createCache('default', { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: `conformance-${++store}` }) }));

describe('LocMemCache', () => {
  it('evicts the least recently used entry past MAX_ENTRIES', async () => {
    const small = createCache('default', { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: 'lru', OPTIONS: { MAX_ENTRIES: 3 } });
    await small.setMany({ a: 1, b: 2, c: 3 });
    await small.get('a');
    await small.set('d', 4);
    expect(await small.getMany(['a', 'b', 'c', 'd'])).toEqual({ a: 1, c: 3, d: 4 });
  });

  it('evicts past MAX_SIZE (characters of keys and values)', async () => {
    const small = createCache('default', { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: 'sized', OPTIONS: { MAX_SIZE: 100, MAX_ENTRIES: 1000 } });
    for (let i = 0; i < 10; i++) await small.set(`k${i}`, 'x'.repeat(20));
    const found = await small.getMany(Array.from({ length: 10 }, (_, i) => `k${i}`));
    expect(Object.keys(found).length).toBeLessThan(10);
    expect(found.k9).toBe('x'.repeat(20));
  });

  it('shares one store between caches of the same LOCATION, and not across', async () => {
    const one = createCache('a', { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: 'same' });
    const two = createCache('b', { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: 'same' });
    const other = createCache('c', { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: 'other' });
    await one.set('k', 1);
    expect(await two.get('k')).toBe(1);
    expect(await other.get('k')).toBeUndefined();
  });

  it('refuses a bad option, naming it', () => {
    expect(() => createCache('default', { BACKEND: 'hyperdjango.cache.LocMemCache', OPTIONS: { MAX_ENTRIES: -1 } })).toThrow(/CACHES\['default'\]\.OPTIONS\.MAX_ENTRIES must be a positive integer/);
  });
});

describe('DummyCache', () => {
  it('stores nothing: every read misses, getOrSet computes each time', async () => {
    const dummy = createCache('default', { BACKEND: 'django.core.cache.backends.dummy.DummyCache' });
    expect(dummy).toBeInstanceOf(DummyCache);
    await dummy.set('k', 1);
    expect(await dummy.get('k', 'miss')).toBe('miss');
    expect(await dummy.add('k', 1)).toBe(true);
    expect(await dummy.getMany(['k'])).toEqual({});
    let calls = 0;
    await dummy.getOrSet('k', () => ++calls);
    await dummy.getOrSet('k', () => ++calls);
    expect(calls).toBe(2);
    await expect(dummy.incr('k')).rejects.toMatchObject({ code: 'HYPER_CACHE_KEY_MISSING' });
    await expect(dummy.set('bad key', 1)).rejects.toMatchObject({ code: 'HYPER_CACHE_INVALID_KEY' });
  });
});

describe('CACHES', () => {
  afterEach(() => configure({}));

  it('defaults to one local-memory cache, `cache` being its default alias', async () => {
    expect(caches.get('default')).toBeInstanceOf(LocMemCache);
    expect(caches.aliases).toEqual(['default']);
    await cache.set('through-default', 'yes');
    expect(await caches.get('default').get('through-default')).toBe('yes');
  });

  it('builds each alias once, and anew when the settings change', () => {
    configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache' }, other: { BACKEND: 'hyperdjango.cache.DummyCache' } } });
    const first = caches.get('other');
    expect(caches.get('other')).toBe(first);
    expect(first).toBeInstanceOf(DummyCache);
    configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache' }, other: { BACKEND: 'hyperdjango.cache.LocMemCache' } } });
    expect(caches.get('other')).toBeInstanceOf(LocMemCache);
  });

  it('applies KEY_PREFIX, VERSION, TIMEOUT and KEY_FUNCTION', async () => {
    configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: 'keys', KEY_PREFIX: 'site', VERSION: 3, TIMEOUT: 0.2, KEY_FUNCTION: (key: string, prefix: string, version: number) => `${prefix}/${version}/${key}` } } });
    expect(cache.makeKey('k')).toBe('site/3/k');
    await cache.set('k', 1);
    expect(await cache.get('k')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await cache.get('k')).toBeUndefined();
    configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', KEY_PREFIX: 'site' } } });
    expect(cache.makeKey('k', 2)).toBe('site:2:k');
  });

  it('loads KEY_FUNCTION named as a project module', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-cache-keys-'));
    fs.writeFileSync(path.join(root, 'cache-keys.ts'), 'export const makeKey = (key: string, prefix: string, version: number): string => `${prefix}|v${version}|${key}`;\n');
    try {
      configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', KEY_PREFIX: 'p', KEY_FUNCTION: 'cache-keys#makeKey' } } }, { projectRoot: root });
      expect(cache.makeKey('k')).toBe('p|v1|k');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('says what is wrong with a malformed setting, an unknown alias or backend', () => {
    expect(() => configure({ CACHES: { other: { BACKEND: 'hyperdjango.cache.LocMemCache' } } })).toThrow(/CACHES/);
    expect(() => configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', TIMOUT: 3 } } })).toThrow(/CACHES/);
    expect(() => caches.get('defualt')).toThrow(/Could not find config for 'defualt' in CACHES\. Did you mean 'default'\?/);
    configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCach' } } });
    expect(() => caches.get('default')).toThrow(expect.objectContaining({ code: 'HYPER_CACHE_UNKNOWN_BACKEND', message: expect.stringContaining("Did you mean 'hyperdjango.cache.LocMemCache'?") }));
  });
});
