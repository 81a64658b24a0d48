// Signals of authentication, as Django's: sent by login(), logout() and
// authenticate() when every backend refused.
import { Signal } from '../../orm/signals';
import type { Request } from '../../http/request';

export const userLoggedIn = new Signal<{ request: Request | null; user: unknown }>();
export const userLoggedOut = new Signal<{ request: Request | null; user: unknown }>();
/** The credentials have the password (and anything named like a secret) masked. */
export const userLoginFailed = new Signal<{ request: Request | null; credentials: Record<string, unknown> }>();
