// What every mail backend is, as Django's BaseEmailBackend: open() and close() around
// several sends so that they share one connection, sendMessages() the number sent.
import type { EmailMessage } from '../message';

export interface BackendOptions {
  /** Swallow sending errors (a refused header still throws). */
  failSilently?: boolean;
}

export abstract class BaseEmailBackend {
  failSilently: boolean;

  constructor(options: BackendOptions = {}) {
    this.failSilently = options.failSilently ?? false;
  }

  /** Opens the connection; true when this call opened it (and so should close it). */
  async open(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {}

  /** Sends the messages; the number sent. */
  abstract sendMessages(messages: readonly EmailMessage[]): Promise<number>;
}
