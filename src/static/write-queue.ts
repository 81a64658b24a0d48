// File writes under way a few at a time: each waits on the disk (or, on ext4, on
// the inode allocator) in libuv's thread pool while the main thread prepares the
// next ones. collectstatic's copy step and post-processing share it.
//
// Writes are taken from their folders in turn: creating a file holds its folder's
// lock, so writes into one folder queue behind each other, while writes into
// different folders proceed side by side (a cold run creates thousands in a few).
import * as path from 'node:path';

/** How many file writes are under way at once. */
export const WRITES_AT_ONCE = 16;

/** How many of them in one folder: enough to keep its lock busy, few enough to leave the thread pool to other folders. */
const PER_FOLDER = 2;

interface Folder {
  key: string;
  tasks: Array<() => Promise<void>>;
  next: number;
  running: number;
}

export class WriteQueue {
  /** Folders with tasks waiting or running, in the order they take turns. */
  private readonly folders: Folder[] = [];
  private readonly byKey = new Map<string, Folder>();
  private turn = 0;
  private running = 0;
  private failure: { error: unknown } | null = null;
  private readonly idlers: Array<() => void> = [];

  constructor(private readonly limit = WRITES_AT_ONCE) {}

  /** Queues a write of `file`; after a failure, tasks not yet started are dropped. */
  push(file: string, task: () => Promise<void>): void {
    const key = path.dirname(file);
    let folder = this.byKey.get(key);
    if (!folder) {
      folder = { key, tasks: [], next: 0, running: 0 };
      this.folders.push(folder);
      this.byKey.set(key, folder);
    }
    folder.tasks.push(task);
    this.pump();
  }

  /** Resolves once no task is running or waiting; never rejects (see check()). */
  idle(): Promise<void> {
    if (this.folders.length === 0) return Promise.resolve();
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
    if (this.failure) for (const folder of this.folders) folder.next = folder.tasks.length;
    this.prune();
    while (this.running < this.limit) {
      const folder = this.nextFolder();
      if (!folder) break;
      const task = folder.tasks[folder.next++];
      folder.running++;
      this.running++;
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => {
          this.failure ??= { error };
        })
        .finally(() => {
          folder.running--;
          this.running--;
          this.pump();
        });
    }
    if (this.folders.length === 0) for (const resolve of this.idlers.splice(0)) resolve();
  }

  /** Forgets the folders with nothing waiting or running. */
  private prune(): void {
    for (let i = this.folders.length - 1; i >= 0; i--) {
      const folder = this.folders[i];
      if (folder.running > 0 || folder.next < folder.tasks.length) continue;
      this.folders.splice(i, 1);
      this.byKey.delete(folder.key);
    }
  }

  /** The next folder in turn with a task waiting and room to start it. */
  private nextFolder(): Folder | undefined {
    for (let i = 0; i < this.folders.length; i++) {
      const index = (this.turn + i) % this.folders.length;
      const folder = this.folders[index];
      if (folder.next < folder.tasks.length && folder.running < PER_FOLDER) {
        this.turn = index + 1;
        return folder;
      }
    }
    return undefined;
  }
}

/** Writes each item's file with `fn`, a few at a time; throws the first failure once all have settled. */
export async function eachWrite<T>(items: readonly T[], file: (item: T) => string, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = new WriteQueue();
  for (const item of items) queue.push(file(item), () => fn(item));
  await queue.drain();
}
