// The locmem backend: mail kept in `outbox` instead of sent, for tests. `hyper test`
// (and the jest preset) use it and empty the outbox before each test, as Django.
import type { EmailMessage } from '../message';
import { BaseEmailBackend } from './base';

/** The mail the locmem backend "sent", in order. Emptied in place, so an imported reference stays current. */
export const outbox: EmailMessage[] = [];

/** Empties the outbox (the test runners call it before each test). */
export function clearOutbox(): void {
  outbox.length = 0;
}

export class LocmemEmailBackend extends BaseEmailBackend {
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    // Built now so that a bad header fails here as it would on a real send.
    for (const message of messages) await message.message();
    outbox.push(...messages);
    return messages.length;
  }
}
