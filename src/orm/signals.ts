// Model signals, as Django's: receivers connect to a signal, optionally for one
// sender (model class), and are awaited in the order they connected.

export type Receiver<A> = (args: A & { sender: unknown }) => unknown;

export class Signal<A extends object = Record<string, unknown>> {
  private receivers: Array<{ receiver: Receiver<A>; sender: unknown }> = [];

  /** Connects a receiver; returns a function that disconnects it. */
  connect(receiver: Receiver<A>, options: { sender?: unknown } = {}): () => void {
    if (!this.receivers.some((entry) => entry.receiver === receiver && entry.sender === options.sender)) {
      this.receivers.push({ receiver, sender: options.sender });
    }
    return () => this.disconnect(receiver, options);
  }

  disconnect(receiver: Receiver<A>, options: { sender?: unknown } = {}): boolean {
    const before = this.receivers.length;
    this.receivers = this.receivers.filter((entry) => !(entry.receiver === receiver && entry.sender === options.sender));
    return this.receivers.length < before;
  }

  hasListeners(sender?: unknown): boolean {
    return this.receivers.some((entry) => entry.sender === undefined || entry.sender === sender);
  }

  /** Calls every receiver for this sender in order; a receiver's error stops the sending and is thrown. */
  async send(sender: unknown, args: A): Promise<void> {
    for (const entry of this.receivers) {
      if (entry.sender === undefined || entry.sender === sender) await entry.receiver({ ...args, sender });
    }
  }
}

/**
 * Sent around each save(). `raw` is true when loaddata writes a fixture's row as it is
 * (as Django's): receivers that fill in or derive data should then leave it alone,
 * since the fixture holds it already and related rows may not be loaded yet.
 */
export const preSave = new Signal<{ instance: unknown; raw: boolean; using: string; updateFields: string[] | null }>();
export const postSave = new Signal<{ instance: unknown; created: boolean; raw: boolean; using: string; updateFields: string[] | null }>();
export const preDelete = new Signal<{ instance: unknown; using: string }>();
export const postDelete = new Signal<{ instance: unknown; using: string }>();
export const m2mChanged = new Signal<{
  instance: unknown;
  action: 'pre_add' | 'post_add' | 'pre_remove' | 'post_remove' | 'pre_clear' | 'post_clear';
  model: unknown;
  pkSet: unknown[] | null;
  using: string;
}>();
export const classPrepared = new Signal<Record<string, never>>();
/**
 * Sent once by each `migrate` run that applied (or had nothing to apply), with the
 * installed apps and the database alias: apps create rows they need (permissions).
 */
export const postMigrate = new Signal<{ apps: readonly unknown[]; using: string; plan: readonly unknown[]; verbosity: number }>();
