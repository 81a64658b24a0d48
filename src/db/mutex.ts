// A first-come, first-served lock for async code.

export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the lock; call the returned function once to give it back. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const granted = this.tail.then(() => {
      let done = false;
      return () => {
        if (!done) {
          done = true;
          release();
        }
      };
    });
    this.tail = this.tail.then(() => released);
    return granted;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
