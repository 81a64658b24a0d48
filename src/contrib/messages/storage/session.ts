// SessionStorage: messages kept in the session under '_messages' (needs the sessions
// middleware before the messages middleware, as in Django).
import { ImproperlyConfigured } from '../../../core/errors';
import type { Request } from '../../../http/request';
import type { BaseResponse } from '../../../http/response';
import { decodeMessages, encodeMessages, type Message } from '../message';
import { BaseStorage } from './base';

const KEY = '_messages';

interface SessionLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  has(key: string): boolean;
  delete(key: string): boolean;
}

export class SessionStorage extends BaseStorage {
  constructor(request: Request) {
    super(request);
    if (!request.session) {
      throw new ImproperlyConfigured("The session-based message storage needs the sessions middleware: add 'hyperdjango.sessions.middleware' to MIDDLEWARE before 'hyperdjango.messages.middleware' (and 'hyperdjango.sessions' to INSTALLED_APPS).", { code: 'HYPER_MESSAGES_NO_SESSION' });
    }
  }

  private get session(): SessionLike {
    return this.request.session as unknown as SessionLike;
  }

  load(): Message[] {
    this.allRetrieved = true;
    return decodeMessages(this.session.get(KEY));
  }

  store(messages: Message[], _response: BaseResponse): Message[] {
    // An untouched session stays untouched: no save, no cookie.
    if (messages.length) this.session.set(KEY, encodeMessages(messages));
    else if (this.session.has(KEY)) this.session.delete(KEY);
    return [];
  }
}
