// The storage MESSAGE_STORAGE names, made for one request.
import * as path from 'node:path';
import { settings } from '../../../conf/settings';
import { ImproperlyConfigured } from '../../../core/errors';
import { loadExport } from '../../../core/module-export';
import { closestMatch } from '../../../core/suggest';
import type { Request } from '../../../http/request';
import type { BaseStorage } from './base';
import { CookieStorage } from './cookie';
import { FallbackStorage } from './fallback';
import { SessionStorage } from './session';

type StorageClass = new (request: Request) => BaseStorage;

const BUILTIN: Record<string, StorageClass> = {
  'hyperdjango.messages.storage.FallbackStorage': FallbackStorage,
  'hyperdjango.messages.storage.CookieStorage': CookieStorage,
  'hyperdjango.messages.storage.SessionStorage': SessionStorage,
  'django.contrib.messages.storage.fallback.FallbackStorage': FallbackStorage,
  'django.contrib.messages.storage.cookie.CookieStorage': CookieStorage,
  'django.contrib.messages.storage.session.SessionStorage': SessionStorage,
};

/** The class MESSAGE_STORAGE names: a built-in name, or 'module#Export' of the project. */
export function storageClass(name = String(settings.MESSAGE_STORAGE)): StorageClass {
  const builtin = BUILTIN[name];
  if (builtin) return builtin;
  if (name.startsWith('hyperdjango.') || name.startsWith('django.')) {
    const match = closestMatch(name, Object.keys(BUILTIN));
    throw new ImproperlyConfigured(`MESSAGE_STORAGE '${name}' is not a message storage.${match ? ` Did you mean '${match}'?` : ''}`, { code: 'HYPER_MESSAGES_UNKNOWN_STORAGE' });
  }
  return loadExport(name, path.resolve(String(settings.BASE_DIR)), { setting: 'MESSAGE_STORAGE', requireExport: true }) as unknown as StorageClass;
}

export { BaseStorage } from './base';
export { CookieStorage, MESSAGES_COOKIE, MAX_COOKIE_SIZE } from './cookie';
export { FallbackStorage } from './fallback';
export { SessionStorage } from './session';
