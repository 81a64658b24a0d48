// FallbackStorage (the default, as Django's): the cookie first, and what does not
// fit in it goes to the session; reading takes the cookie, then the session when
// the cookie says more wait there.
import type { Request } from '../../../http/request';
import type { BaseResponse } from '../../../http/response';
import type { Message } from '../message';
import { BaseStorage } from './base';
import { CookieStorage } from './cookie';
import { SessionStorage } from './session';

export class FallbackStorage extends BaseStorage {
  private readonly stores: BaseStorage[];
  private readonly usedStores = new Set<BaseStorage>();

  constructor(request: Request) {
    super(request);
    // The session is needed only when the cookie overflows: it is checked then.
    this.stores = [new CookieStorage(request)];
  }

  private sessionStore(): BaseStorage {
    if (this.stores.length === 1) this.stores.push(new SessionStorage(this.request));
    return this.stores[1];
  }

  load(): Message[] {
    const all: Message[] = [];
    const cookie = this.stores[0];
    const fromCookie = cookie.load();
    if (fromCookie.length || !cookie.allRetrieved) this.usedStores.add(cookie);
    all.push(...fromCookie);
    if (!cookie.allRetrieved) {
      const session = this.sessionStore();
      const fromSession = session.load();
      if (fromSession.length) this.usedStores.add(session);
      all.push(...fromSession);
    }
    this.allRetrieved = true;
    return all;
  }

  store(messages: Message[], response: BaseResponse): Message[] {
    // The cookie keeps the oldest that fit; the newer ones go on to the session, so
    // reading the cookie, then the session, gives them in order.
    let left = this.storeIn(this.stores[0], messages, response);
    if (left.length) left = this.storeIn(this.sessionStore(), left, response);
    else if (this.stores[1]) this.storeIn(this.stores[1], left, response);
    return left;
  }

  private storeIn(store: BaseStorage, messages: Message[], response: BaseResponse): Message[] {
    if (messages.length) return store.store(messages, response, false);
    // An emptied store is cleared only if it held something.
    if (this.usedStores.delete(store)) store.store([], response);
    return [];
  }
}
