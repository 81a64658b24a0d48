// System checks of the messages settings: MESSAGE_STORAGE resolves, and a storage
// that uses the session has the sessions middleware before the messages one.
import { CheckError, type CheckMessage } from '../../checks/messages';
import type { CheckContext } from '../../checks/registry';

const SESSION_USING = /(Fallback|Session)Storage$/;

export function checkMessagesSettings(context: CheckContext): CheckMessage[] {
  const values = context.settings.values;
  const out: CheckMessage[] = [];
  const middleware = ((values.MIDDLEWARE ?? []) as unknown[]).map((entry) => (typeof entry === 'string' ? entry : ''));
  const mine = middleware.indexOf('hyperdjango.messages.middleware');
  const storage = String(values.MESSAGE_STORAGE ?? '');
  try {
    const { storageClass } = require('./storage') as typeof import('./storage');
    storageClass(storage);
  } catch (error) {
    out.push(new CheckError((error as Error).message, { id: 'messages.E001', obj: 'MESSAGE_STORAGE', hint: "Use 'hyperdjango.messages.storage.FallbackStorage', CookieStorage or SessionStorage." }));
  }
  if (mine >= 0 && SESSION_USING.test(storage)) {
    const sessions = middleware.indexOf('hyperdjango.sessions.middleware');
    if (sessions < 0 || sessions > mine) {
      out.push(new CheckError(`MESSAGE_STORAGE '${storage}' keeps messages in the session, but 'hyperdjango.sessions.middleware' is ${sessions < 0 ? 'not in MIDDLEWARE' : "after 'hyperdjango.messages.middleware'"}.`, {
        id: 'messages.E002', obj: 'MIDDLEWARE', hint: "Put 'hyperdjango.sessions.middleware' before 'hyperdjango.messages.middleware', or use 'hyperdjango.messages.storage.CookieStorage'.",
      }));
    }
  }
  return out;
}
