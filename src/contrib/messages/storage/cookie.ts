// CookieStorage: messages in a cookie signed with the project's SECRET_KEY (the
// signing module), at most 2048 bytes as Django's; what does not fit is handed back
// (FallbackStorage puts it in the session) and a marker tells the next request that
// more messages wait elsewhere.
import { settings } from '../../../conf/settings';
import type { BaseResponse } from '../../../http/response';
import { BadSignature } from '../../../signing/errors';
import { Signer } from '../../../signing/signer';
import { decodeMessages, encodeMessages, type Message } from '../message';
import { BaseStorage } from './base';

export const MESSAGES_COOKIE = 'messages';
/** Django's CookieStorage.max_cookie_size: what every browser keeps, with room for other cookies. */
export const MAX_COOKIE_SIZE = 2048;
const NOT_FINISHED = '__messagesnotfinished__';

const signer = () => new Signer({ salt: 'hyperdjango.contrib.messages' });

export class CookieStorage extends BaseStorage {
  load(): Message[] {
    this.allRetrieved = true;
    const raw = this.request.cookies[MESSAGES_COOKIE];
    if (!raw) return [];
    let data: unknown;
    try {
      data = signer().unsignObject(raw);
    } catch (error) {
      // A tampered or foreign cookie is no messages; it is replaced at the response.
      if (error instanceof BadSignature) return [];
      throw error;
    }
    if (Array.isArray(data) && data[data.length - 1] === NOT_FINISHED) {
      this.allRetrieved = false;
      data = data.slice(0, -1);
    }
    return decodeMessages(data);
  }

  store(messages: Message[], response: BaseResponse, removeOldest = true): Message[] {
    const kept = [...messages];
    const unstored: Message[] = [];
    let value = kept.length ? this.encode(kept, false) : '';
    while (value.length > MAX_COOKIE_SIZE && kept.length) {
      if (removeOldest) unstored.push(kept.shift()!);
      else unstored.unshift(kept.pop()!);
      // Even with nothing left to keep, the marker stays: it sends the next request to the session.
      value = this.encode(kept, true);
    }
    const s = settings;
    if (value) {
      response.setCookie(MESSAGES_COOKIE, value, {
        domain: s.SESSION_COOKIE_DOMAIN ?? undefined,
        secure: s.SESSION_COOKIE_SECURE || this.request.isSecure(),
        httpOnly: s.SESSION_COOKIE_HTTPONLY,
        sameSite: s.SESSION_COOKIE_SAMESITE,
      });
    } else if (this.request.cookies[MESSAGES_COOKIE] !== undefined) {
      response.deleteCookie(MESSAGES_COOKIE, { domain: s.SESSION_COOKIE_DOMAIN ?? undefined, sameSite: s.SESSION_COOKIE_SAMESITE });
    }
    return unstored;
  }

  private encode(messages: Message[], notFinished: boolean): string {
    const data: unknown[] = encodeMessages(messages);
    if (notFinished) data.push(NOT_FINISHED);
    return signer().signObject(data, { compress: true });
  }
}
