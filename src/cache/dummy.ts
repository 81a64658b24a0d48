// The dummy cache (Django's DummyCache): stores nothing, so every read misses. For
// development, where caching would hide changes, with the same calls as a real cache.
import { BaseCache } from './base';

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
  protected async rawClear(): Promise<void> {}
}
