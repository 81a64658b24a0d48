// The dummy backend: sends nothing and says it sent everything (Django's).
import type { EmailMessage } from '../message';
import { BaseEmailBackend } from './base';

export class DummyEmailBackend extends BaseEmailBackend {
  override async sendMessages(messages: readonly EmailMessage[]): Promise<number> {
    return Promise.resolve(messages.length);
  }
}
