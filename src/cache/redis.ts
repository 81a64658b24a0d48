// The Redis cache (Django's RedisCache) over node-redis (@redis/client; docs/cache.md says
// why that client). LOCATION is a redis:// or rediss:// (TLS) URL; every key carries the
// KEY_PREFIX, which is also what clear() empties. Commands fail at once while Redis is
// down (no offline queue that would hold a request until it returns) with
// HYPER_CACHE_UNAVAILABLE, or read as misses with OPTIONS.IGNORE_EXCEPTIONS; the client
// reconnects in the background. incr() and touch() are Lua scripts: atomic on the server.
import type { RedisClientType } from '@redis/client';
import { BaseCache, defaultKeyFunction, type CacheParams, type HitResult } from './base';
import { CacheError, CacheUnavailable } from './errors';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_CONNECT_TIMEOUT = 2000;

const INCR = "if redis.call('EXISTS', KEYS[1]) == 0 then return false end return redis.call('INCRBY', KEYS[1], ARGV[1])";
const PERSIST = "if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end redis.call('PERSIST', KEYS[1]) return 1";

// A rate-limit hit: count, give a new counter its life, read its remaining life and the other counter, in one script.
const HIT =
  "local c = redis.call('INCR', KEYS[1]) if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end " +
  "local t = redis.call('PTTL', KEYS[1]) local o = 0 " +
  "if KEYS[2] then o = tonumber(redis.call('GET', KEYS[2])) or 0 end return {c, t, o}";

type Client = RedisClientType;
// Required on first use, not at the top: a project on locmem or the database never loads it.
const loadClient = () => require('@redis/client') as typeof import('@redis/client');
type Reply = string | number | null | Reply[];

/** Where a URL points, without its password (for messages). */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password ? '***' : '';
    return parsed.toString();
  } catch {
    return url;
  }
}

export class RedisCache extends BaseCache {
  readonly shared = true;
  readonly url: string;
  private readonly connectTimeout: number;
  private readonly clientOptions: Record<string, unknown>;
  private client: Client | undefined;
  private connecting: Promise<unknown> | undefined;
  private lastError: Error | undefined;

  constructor(params: CacheParams) {
    super(params);
    this.url = params.location || DEFAULT_REDIS_URL;
    if (!/^rediss?:\/\//.test(this.url)) throw new CacheError(`CACHES['${params.alias}'].LOCATION must be a redis:// or rediss:// URL, got '${this.url}'.`, { code: 'HYPER_CACHE_BAD_OPTION' });
    this.connectTimeout = Number(params.options.CONNECT_TIMEOUT ?? DEFAULT_CONNECT_TIMEOUT);
    const client = params.options.CLIENT;
    this.clientOptions = typeof client === 'object' && client !== null ? (client as Record<string, unknown>) : {};
  }

  private async connection(): Promise<Client> {
    if (!this.client) {
      const { createClient } = loadClient();
      const extraSocket = (this.clientOptions.socket ?? {}) as Record<string, unknown>;
      const client = createClient({
        ...this.clientOptions,
        url: this.url,
        disableOfflineQueue: true,
        socket: { connectTimeout: this.connectTimeout, reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000), ...extraSocket },
      }) as unknown as Client;
      // Without a listener, a lost connection would be an unhandled 'error' event and end the process.
      client.on('error', (error: Error) => {
        this.lastError = error;
      });
      this.client = client;
      this.connecting = client.connect().catch((error: unknown) => {
        this.lastError = error as Error;
      });
    }
    const client = this.client;
    if (!client.isReady && this.connecting) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.connecting, new Promise((resolve) => (timer = setTimeout(resolve, this.connectTimeout)))]);
      clearTimeout(timer);
      this.connecting = undefined;
    }
    if (!client.isReady) throw this.unavailable();
    return client;
  }

  private unavailable(cause?: unknown): CacheUnavailable {
    const reason = ((cause ?? this.lastError) as Error | undefined)?.message ?? 'not connected';
    return new CacheUnavailable(`Cache '${this.alias}' cannot reach Redis at ${describe(this.url)}: ${reason}. Start Redis (redis-server) or fix CACHES['${this.alias}'].LOCATION; set OPTIONS.IGNORE_EXCEPTIONS to serve without the cache meanwhile.`, { cause });
  }

  private async command<T extends Reply>(args: string[]): Promise<T> {
    const client = await this.connection();
    try {
      return await client.sendCommand<T>(args);
    } catch (error) {
      // A reply from the server is the caller's business; anything else is the connection.
      if (error instanceof loadClient().ErrorReply) throw error;
      throw this.unavailable(error);
    }
  }

  private static expiry(ttl: number | null): string[] {
    return ttl === null ? [] : ['PX', String(ttl)];
  }

  protected async rawGet(key: string): Promise<string | undefined> {
    return (await this.command<string | null>(['GET', key])) ?? undefined;
  }
  protected override async rawGetMany(keys: string[]): Promise<Array<string | undefined>> {
    if (!keys.length) return [];
    return (await this.command<Array<string | null>>(['MGET', ...keys])).map((text) => text ?? undefined);
  }
  protected async rawSet(key: string, text: string, ttl: number | null): Promise<void> {
    await this.command(['SET', key, text, ...RedisCache.expiry(ttl)]);
  }
  protected override async rawSetMany(entries: Array<[string, string]>, ttl: number | null): Promise<void> {
    const client = await this.connection();
    const multi = client.multi();
    for (const [key, text] of entries) multi.addCommand(['SET', key, text, ...RedisCache.expiry(ttl)]);
    try {
      await multi.exec();
    } catch (error) {
      throw this.unavailable(error);
    }
  }
  protected async rawAdd(key: string, text: string, ttl: number | null): Promise<boolean> {
    return (await this.command<string | null>(['SET', key, text, 'NX', ...RedisCache.expiry(ttl)])) !== null;
  }
  protected async rawDelete(key: string): Promise<boolean> {
    return (await this.command<number>(['DEL', key])) > 0;
  }
  protected override async rawDeleteMany(keys: string[]): Promise<void> {
    if (keys.length) await this.command(['DEL', ...keys]);
  }
  protected async rawTouch(key: string, ttl: number | null): Promise<boolean> {
    if (ttl === null) return (await this.command<number>(['EVAL', PERSIST, '1', key])) === 1;
    return (await this.command<number>(['PEXPIRE', key, String(ttl)])) === 1;
  }
  protected async rawIncr(key: string, delta: number): Promise<number | undefined> {
    try {
      const result = await this.command<number | null>(['EVAL', INCR, '1', key, String(delta)]);
      return result === null ? undefined : Number(result);
    } catch (error) {
      if (error instanceof CacheUnavailable) throw error;
      throw new CacheError(`Cache key '${key}' does not hold an integer: incr() and decr() add to integers only (${(error as Error).message}).`, { code: 'HYPER_CACHE_NOT_INTEGER', cause: error });
    }
  }
  protected override async rawHit(key: string, ttl: number, alsoRead: string | undefined): Promise<HitResult> {
    const keys = alsoRead === undefined ? ['1', key] : ['2', key, alsoRead];
    const [count, left, other] = await this.command<number[]>(['EVAL', HIT, ...keys, String(ttl)]);
    return { count: Number(count), ttl: Number(left) > 0 ? Number(left) : ttl, other: Number(other) };
  }
  protected async rawClear(): Promise<void> {
    if (!this.keyPrefix) {
      await this.command(['FLUSHDB']);
      return;
    }
    // Only this cache's namespace (the default KEY_FUNCTION puts ':' after the prefix):
    // SCAN in batches, so a large database is not blocked.
    const escaped = this.keyPrefix.replace(/[*?[\]\\]/g, '\\$&');
    const pattern = this.keyFunction === defaultKeyFunction ? `${escaped}:*` : `${escaped}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.command<[string, string[]]>(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '1000']);
      if (keys.length) await this.command(['UNLINK', ...keys]);
      cursor = next;
    } while (cursor !== '0');
  }

  override async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    // A client still trying to connect is dropped at once; a connected one finishes its commands.
    if (client.isReady) await client.close().catch(() => undefined);
    else if (client.isOpen) client.destroy();
  }
}
