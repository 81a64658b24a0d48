// hyperdjango/messages (the app hyperdjango.messages): one-time notices shown on the
// next page, as Django's messages framework. `messages.success(request, 'Saved.')`
// in a view, `{% for m in messages %}` in a template; stored in a signed cookie and,
// when it overflows, the session (FallbackStorage), or in one of them.
import type { BaseStorage } from './storage/base';

declare module '../../http/request' {
  interface RequestExtensions {
    /** The request's messages (set by the messages middleware). */
    messages: BaseStorage;
  }
}

export { addMessage, getMessages, getLevel, setLevel, debug, info, success, warning, error, type AddMessageOptions } from './api';
export { DEBUG, INFO, SUCCESS, WARNING, ERROR, DEFAULT_TAGS, DEFAULT_LEVELS } from './constants';
export { Message } from './message';
export { BaseStorage, CookieStorage, SessionStorage, FallbackStorage, storageClass, MESSAGES_COOKIE, MAX_COOKIE_SIZE } from './storage';
export { messagesMiddleware } from './middleware';
export { messagesContext } from './context';
