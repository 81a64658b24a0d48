// The dummy cache (Django's DummyCache): stores nothing, so every read misses. For
// development, where caching would hide changes, with the same calls as a real cache.
import { BaseCache, type HitResult } from './base';

export class DummyCache extends BaseCache {
  readonly shared = false;
  protected async rawGet(): Promise<string | undefined> {
    return undefined;
  }
  protected async rawSet(): Promise<void> {}
  protected async rawAdd(): Promise<boolean> {
    return true;
  }
  protected async rawDelete(): Promise<boolean> {
    return false;
  }
  protected async rawTouch(): Promise<boolean> {
    return false;
  }
  protected async rawIncr(): Promise<number | undefined> {
    return undefined;
  }
  /** Every hit is the first: nothing is counted, so no rate limit is ever reached. */
  protected override async rawHit(_key: string, ttl: number): Promise<HitResult> {
    return { count: 1, ttl, other: 0 };
  }
  protected async rawClear(): Promise<void> {}
}
