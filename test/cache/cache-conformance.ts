// One suite every cache backend passes, as the HTTP adapters and file storages share
// theirs: what views, sessions and a project's code rely on, whatever keeps the values.
// A backend's test file calls cacheConformance() with a factory of empty caches; a shared
// backend also gives the settings a child process needs to reach the same store.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CacheError, InvalidCacheKey, type BaseCache } from '../../src/cache';
import type { CacheEntry } from '../../src/cache';

export interface CacheSubject {
  cache: BaseCache;
  /** A second cache on the same store (another process's view), for shared backends. */
  twin?: BaseCache;
  /** Settings for a child process using the same store (CACHES.default and DATABASES). */
  childSettings?: { CACHES: { default: CacheEntry }; DATABASES?: Record<string, string> };
  cleanup?: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CHILD = path.join(__dirname, 'incr-child.js');

/** Runs the child that increments 'counter' `times` times; resolves with its exit code and stderr. */
export function runIncrChild(settings: object, times: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(settings), String(times)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

export function cacheConformance(name: string, make: () => Promise<CacheSubject>): void {
  describe(`${name} (the cache conformance suite)`, () => {
    let subject: CacheSubject;
    let cache: BaseCache;
    beforeEach(async () => {
      subject = await make();
      cache = subject.cache;
      await cache.clear();
    });
    afterEach(async () => subject.cleanup?.());

    it('sets, gets, adds, deletes and tells has(); a miss gives the default', async () => {
      expect(await cache.get('nothing')).toBeUndefined();
      expect(await cache.get('nothing', 'fallback')).toBe('fallback');
      await cache.set('k', 'v');
      expect(await cache.get('k')).toBe('v');
      expect(await cache.has('k')).toBe(true);
      expect(await cache.add('k', 'other')).toBe(false);
      expect(await cache.get('k')).toBe('v');
      expect(await cache.add('fresh', 1)).toBe(true);
      expect(await cache.get('fresh')).toBe(1);
      expect(await cache.delete('k')).toBe(true);
      expect(await cache.delete('k')).toBe(false);
      expect(await cache.has('k')).toBe(false);
      await cache.set('null', null);
      expect(await cache.get('null', 'default')).toBeNull();
      expect(await cache.has('null')).toBe(true);
    });

    it('keeps values as they were: nested objects, Dates, bigints, Buffers, Maps, Sets, decimal strings', async () => {
      const value = { when: new Date('2024-05-01T10:00:00.123Z'), big: 12345678901234567890n, bytes: Buffer.from([0, 255]), tags: new Set(['a']), map: new Map([[1, 'one']]), price: '10.50', list: [1, 'two', null, { deep: true }], __hyper: 'not a tag' };
      await cache.set('rich', value);
      expect(await cache.get('rich')).toEqual(value);
      const got = (await cache.get<typeof value>('rich'))!;
      got.list.push(4);
      expect(((await cache.get<typeof value>('rich'))!).list).toHaveLength(4);
    });

    it('refuses what JSON cannot carry, saying where', async () => {
      class Model {
        id = 1;
      }
      await expect(cache.set('fn', { nested: [() => 1] })).rejects.toMatchObject({ code: 'HYPER_CACHE_UNSERIALIZABLE', message: expect.stringContaining('value.nested[0]') });
      await expect(cache.set('model', new Model())).rejects.toMatchObject({ code: 'HYPER_CACHE_UNSERIALIZABLE', message: expect.stringContaining('Model') });
      expect(await cache.has('fn')).toBe(false);
    });

    it('getMany, setMany and deleteMany', async () => {
      expect(await cache.setMany({ a: 1, b: 'two', c: [3] })).toEqual([]);
      expect(await cache.getMany(['a', 'b', 'c', 'missing'])).toEqual({ a: 1, b: 'two', c: [3] });
      await cache.deleteMany(['a', 'c']);
      expect(await cache.getMany(['a', 'b', 'c'])).toEqual({ b: 'two' });
    });

    it('expires values: a timeout in seconds, 0 at once, null never; touch() sets a new one', async () => {
      await cache.set('short', 1, 0.3);
      await cache.set('forever', 2, null);
      await cache.set('gone', 3, 0);
      await cache.set('touched', 4, 0.3);
      expect(await cache.get('gone')).toBeUndefined();
      expect(await cache.touch('touched', 10)).toBe(true);
      expect(await cache.touch('never-set', 10)).toBe(false);
      expect(await cache.add('short', 'x')).toBe(false);
      await sleep(450);
      expect(await cache.get('short')).toBeUndefined();
      expect(await cache.has('short')).toBe(false);
      expect(await cache.get('forever')).toBe(2);
      expect(await cache.get('touched')).toBe(4);
      expect(await cache.add('short', 'again')).toBe(true);
      expect(await cache.get('short')).toBe('again');
    });

    it('versions keys: a version argument, incrVersion and decrVersion', async () => {
      await cache.set('v', 'one', undefined, 1);
      await cache.set('v', 'two', undefined, 2);
      expect(await cache.get('v')).toBe('one');
      expect(await cache.get('v', undefined, 2)).toBe('two');
      expect(await cache.incrVersion('v')).toBe(2);
      expect(await cache.get('v')).toBeUndefined();
      expect(await cache.get('v', undefined, 2)).toBe('one');
      expect(await cache.decrVersion('v', 1, 2)).toBe(1);
      expect(await cache.get('v')).toBe('one');
      await expect(cache.incrVersion('absent')).rejects.toMatchObject({ code: 'HYPER_CACHE_KEY_MISSING' });
    });

    it('incr and decr integers; a missing key or a non-integer is a clear error', async () => {
      await cache.set('n', 10);
      expect(await cache.incr('n')).toBe(11);
      expect(await cache.incr('n', 5)).toBe(16);
      expect(await cache.decr('n', 20)).toBe(-4);
      expect(await cache.get('n')).toBe(-4);
      await expect(cache.incr('absent')).rejects.toMatchObject({ code: 'HYPER_CACHE_KEY_MISSING' });
      expect(await cache.has('absent')).toBe(false);
      await cache.set('text', 'abc');
      await expect(cache.incr('text')).rejects.toMatchObject({ code: 'HYPER_CACHE_NOT_INTEGER' });
      expect(await cache.get('text')).toBe('abc');
    });

    it('refuses keys too long or holding spaces and control characters', async () => {
      await expect(cache.set('x'.repeat(300), 1)).rejects.toBeInstanceOf(InvalidCacheKey);
      await expect(cache.get('with space')).rejects.toMatchObject({ code: 'HYPER_CACHE_INVALID_KEY' });
      await expect(cache.get('bell\x07')).rejects.toMatchObject({ code: 'HYPER_CACHE_INVALID_KEY' });
      await cache.set('x'.repeat(200), 1);
      expect(await cache.get('x'.repeat(200))).toBe(1);
    });

    it('stores a large value up to the limit and refuses one past it, storing nothing', async () => {
      const big = 'x'.repeat(cache.maxValueSize - 2);
      await cache.set('big', big);
      expect(await cache.get('big')).toBe(big);
      await expect(cache.set('too-big', big + 'y')).rejects.toMatchObject({ code: 'HYPER_CACHE_VALUE_TOO_LARGE', message: expect.stringContaining('MAX_VALUE_SIZE') });
      await expect(cache.set('too-big', big + 'y')).rejects.toBeInstanceOf(CacheError);
      expect(await cache.has('too-big')).toBe(false);
    });

    it('getOrSet computes once under 50 concurrent misses, then serves the stored value', async () => {
      let calls = 0;
      const compute = async () => {
        calls++;
        await sleep(50);
        return { answer: 42 };
      };
      const caches = subject.twin ? [cache, subject.twin] : [cache];
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => caches[i % caches.length].getOrSet('expensive', compute, 60)));
      expect(results.every((r) => r.answer === 42)).toBe(true);
      expect(calls).toBe(1);
      expect(await cache.getOrSet('expensive', compute)).toEqual({ answer: 42 });
      expect(await cache.getOrSet('plain', 'value')).toBe('value');
      expect(calls).toBe(1);
    });

    it('clear() empties it', async () => {
      await cache.setMany({ a: 1, b: 2 });
      await cache.clear();
      expect(await cache.getMany(['a', 'b'])).toEqual({});
    });

    if (name.includes('(shared)')) {
      it('incr from 2 processes x 1,000 each ends exactly right', async () => {
        await cache.set('counter', 0, null);
        const runs = await Promise.all([runIncrChild(subject.childSettings!, 1000), runIncrChild(subject.childSettings!, 1000)]);
        expect(runs.map((r) => r.stderr)).toEqual(['', '']);
        expect(runs.map((r) => r.code)).toEqual([0, 0]);
        expect(await cache.get('counter')).toBe(2000);
      }, 60_000);
    }
  });
}
