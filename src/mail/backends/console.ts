// The console backend (the default under DEBUG): each mail written out whole, then a
// rule, as Django's. Output goes to process.stdout or the `stream` given.
import type { EmailMessage } from '../message';
import { BaseEmailBackend, type BackendOptions } from './base';

export interface ConsoleBackendOptions extends BackendOptions {
  stream?: { write(chunk: string): unknown };
}

export class ConsoleEmailBackend extends BaseEmailBackend {
  stream: { write(chunk: string): unknown };

  constructor(options: ConsoleBackendOptions = {}) {
    super(options);
    this.stream = options.stream ?? process.stdout;
  }

  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    let sent = 0;
    for (const message of messages) {
      this.stream.write(`${(await message.message()).toString('utf8')}\n${'-'.repeat(79)}\n`);
      sent += 1;
    }
    return sent;
  }
}
