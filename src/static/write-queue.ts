// File writes under way a few at a time: each waits on the disk (or, on ext4, on
// the inode allocator) in libuv's thread pool while the main thread prepares the
// next ones. collectstatic's copy step and post-processing share it.

/** How many file writes are under way at once. */
export const WRITES_AT_ONCE = 16;

export class WriteQueue {
  private readonly waiting: Array<() => Promise<void>> = [];
  private next = 0;
  private running = 0;
  private failure: { error: unknown } | null = null;
  private readonly idlers: Array<() => void> = [];

  constructor(private readonly limit = WRITES_AT_ONCE) {}

  /** Starts the task now or when a slot frees; after a failure, tasks not yet started are dropped. */
  push(task: () => Promise<void>): void {
    this.waiting.push(task);
    this.pump();
  }

  /** Resolves once no task is running or waiting; never rejects (see check()). */
  idle(): Promise<void> {
    if (this.running === 0 && this.next === this.waiting.length) return Promise.resolve();
    return new Promise((resolve) => this.idlers.push(resolve));
  }

  /** Throws the first task's failure, if any. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Waits for every task, then throws the first failure. */
  async drain(): Promise<void> {
    await this.idle();
    this.check();
  }

  private pump(): void {
    if (this.failure) this.next = this.waiting.length;
    while (this.running < this.limit && this.next < this.waiting.length) {
      const task = this.waiting[this.next++];
      this.running++;
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => {
          this.failure ??= { error };
        })
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
    if (this.running === 0 && this.next === this.waiting.length) {
      this.waiting.length = this.next = 0;
      for (const resolve of this.idlers.splice(0)) resolve();
    }
  }
}

/** Runs `fn` over the items with at most `limit` at a time; throws the first failure once all have settled. */
export async function eachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = new WriteQueue(limit);
  for (const item of items) queue.push(() => fn(item));
  await queue.drain();
}
