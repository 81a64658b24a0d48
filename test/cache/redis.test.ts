// The Redis cache against the Redis server at 127.0.0.1:6379 (`.ci/run` starts it), each
// run under its own KEY_PREFIX: the conformance suite, the namespace clear() keeps to,
// and Redis stopping mid-run (its own server on a spare port, stopped and started again).
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { CacheUnavailable, createCache, RedisCache } from '../../src/cache';
import type { CacheEntry } from '../../src/cache';
import { configure, resetSettings } from '../../src/conf/settings';
import { cacheConformance } from './cache-conformance';

const RUN = `hyper-test-${process.pid}-${Date.now().toString(36)}`;
const ENTRY: CacheEntry = { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:6379/0', KEY_PREFIX: RUN };
const opened: RedisCache[] = [];
const open = (entry: CacheEntry = ENTRY) => {
  const built = createCache('default', entry) as RedisCache;
  opened.push(built);
  return built;
};

beforeAll(() => configure({}));
afterAll(async () => {
  await Promise.all(opened.map((c) => c.close()));
  resetSettings();
});

cacheConformance('RedisCache (shared)', async () => {
  const cache = open();
  return { cache, twin: open(), childSettings: { CACHES: { default: ENTRY } }, cleanup: () => cache.clear() };
});

describe('RedisCache', () => {
  it('keeps to its KEY_PREFIX: clear() leaves other namespaces alone', async () => {
    const mine = open();
    const neighbour = open({ ...ENTRY, KEY_PREFIX: `${RUN}-neighbour` });
    await mine.set('k', 1);
    await neighbour.set('k', 2);
    await mine.clear();
    expect(await mine.get('k')).toBeUndefined();
    expect(await neighbour.get('k')).toBe(2);
    await neighbour.clear();
  });

  it('refuses a LOCATION that is no redis:// or rediss:// URL', () => {
    expect(() => open({ ...ENTRY, LOCATION: 'http://127.0.0.1:6379' })).toThrow(/must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('says Redis is unreachable (without the password), or serves misses with IGNORE_EXCEPTIONS', async () => {
    const down = open({ ...ENTRY, LOCATION: 'redis://user:secret@127.0.0.1:1/0', OPTIONS: { CONNECT_TIMEOUT: 300 } });
    const error = (await down.get('k').catch((e: unknown) => e)) as CacheUnavailable;
    expect(error).toBeInstanceOf(CacheUnavailable);
    expect(error.code).toBe('HYPER_CACHE_UNAVAILABLE');
    expect(error.message).toContain("cannot reach Redis at redis://user:***@127.0.0.1:1/0");
    expect(error.message).not.toContain('secret');
    const lenient = open({ ...ENTRY, LOCATION: 'redis://127.0.0.1:1/0', OPTIONS: { CONNECT_TIMEOUT: 300, IGNORE_EXCEPTIONS: true } });
    await lenient.set('k', 1);
    expect(await lenient.get('k', 'miss')).toBe('miss');
    expect(await lenient.getOrSet('k', () => 'computed')).toBe('computed');
  });
});

describe('RedisCache when Redis stops mid-run', () => {
  let port: number;
  let server: ChildProcess | undefined;

  const freePort = () =>
    new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
  const start = async () => {
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => net.connect(port, '127.0.0.1').on('connect', function (this: net.Socket) { this.destroy(); resolve(true); }).on('error', () => resolve(false)));
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    await new Promise((resolve) => running.on('exit', resolve).kill('SIGKILL'));
  };

  beforeAll(async () => {
    port = await freePort();
    await start();
  });
  afterAll(stop);

  it('fails fast with HYPER_CACHE_UNAVAILABLE (or misses when told to), and recovers when Redis is back', async () => {
    const strict = open({ ...ENTRY, LOCATION: `redis://127.0.0.1:${port}` });
    const lenient = open({ ...ENTRY, LOCATION: `redis://127.0.0.1:${port}`, OPTIONS: { IGNORE_EXCEPTIONS: true } });
    await strict.set('k', 'before');
    expect(await lenient.get('k')).toBe('before');
    await stop();
    const started = Date.now();
    await expect(strict.get('k')).rejects.toMatchObject({ code: 'HYPER_CACHE_UNAVAILABLE' });
    await expect(strict.set('k', 'during')).rejects.toBeInstanceOf(CacheUnavailable);
    expect(await lenient.get('k', 'miss')).toBe('miss');
    expect(await lenient.add('k', 1)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    await start();
    let value: unknown;
    for (let i = 0; i < 60 && value === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      value = await strict.set('k', 'after').then(() => strict.get('k')).catch(() => undefined);
    }
    expect(value).toBe('after');
  }, 30_000);
});
