// Settings of sessions, CSRF and signing (src/signing, hyperdjango.sessions,
// the CSRF middleware), declared here so that loading settings knows them.
// See docs/security.md.
import { declareSetting } from './declarations';
import * as t from './setting-types';
import type { SettingType } from './setting-types';
import { badEnvValue } from './parse-env-value';

export type SameSite = 'Lax' | 'Strict' | 'None' | false;

declare module './global-settings' {
  interface Settings {
    SESSION_ENGINE: string;
    SESSION_CACHE_ALIAS: string;
    SESSION_COOKIE_NAME: string;
    SESSION_COOKIE_AGE: number;
    SESSION_COOKIE_DOMAIN: string | null;
    SESSION_COOKIE_PATH: string;
    SESSION_COOKIE_SECURE: boolean;
    SESSION_COOKIE_HTTPONLY: boolean;
    SESSION_COOKIE_SAMESITE: SameSite;
    SESSION_EXPIRE_AT_BROWSER_CLOSE: boolean;
    SESSION_SAVE_EVERY_REQUEST: boolean;
    CSRF_COOKIE_NAME: string;
    CSRF_COOKIE_AGE: number | null;
    CSRF_COOKIE_DOMAIN: string | null;
    CSRF_COOKIE_PATH: string;
    CSRF_COOKIE_SECURE: boolean;
    CSRF_COOKIE_HTTPONLY: boolean;
    CSRF_COOKIE_SAMESITE: SameSite;
    CSRF_HEADER_NAME: string;
    CSRF_TRUSTED_ORIGINS: string[];
    CSRF_USE_SESSIONS: boolean;
    CSRF_FAILURE_VIEW: string | ((...args: never[]) => unknown) | null;
  }
}

const SAME_SITE_VALUES = ['Lax', 'Strict', 'None'];
const sameSite: SettingType<SameSite> = {
  expected: "'Lax', 'Strict', 'None' or false",
  is: (v): v is SameSite => v === false || SAME_SITE_VALUES.includes(v as string),
  parse: (raw) => {
    const value = raw.trim();
    if (['false', '0', ''].includes(value.toLowerCase())) return false;
    const match = SAME_SITE_VALUES.find((s) => s.toLowerCase() === value.toLowerCase());
    if (!match) throw badEnvValue(`expected Lax, Strict, None or false, got '${raw}'`);
    return match as SameSite;
  },
};
const nullableInt: SettingType<number | null> = {
  expected: 'an integer or null',
  is: (v): v is number | null => v === null || Number.isSafeInteger(v),
  parse: (raw) => (raw.trim().toLowerCase() === 'null' || raw.trim() === '' ? null : t.int.parse(raw)),
};
const viewOrName: SettingType<string | ((...args: never[]) => unknown) | null> = {
  expected: 'null, a function or a module name',
  is: (v): v is string | null => v === null || typeof v === 'string' || typeof v === 'function',
  parse: (raw) => raw.trim() || null,
};

const WEEKS_2 = 60 * 60 * 24 * 7 * 2;
const WEEKS_52 = 60 * 60 * 24 * 7 * 52;
const decl = declareSetting;
decl({ name: 'SESSION_CACHE_ALIAS', type: t.str, default: 'default', doc: "The CACHES alias of the 'cache' and 'cached_db' session engines." });
decl({ name: 'SESSION_ENGINE', type: t.str, default: 'db', doc: "Where session data lives: 'db' (the hyper_session table), 'cache', 'cached_db' (the table, read through the cache) or 'signed_cookies' (the cookie itself, signed). Django's dotted names are accepted too." });
decl({ name: 'SESSION_COOKIE_NAME', type: t.str, default: 'sessionid', doc: 'The name of the session cookie.' });
decl({ name: 'SESSION_COOKIE_AGE', type: t.int, default: WEEKS_2, doc: 'Session lifetime in seconds (two weeks).' });
decl({ name: 'SESSION_COOKIE_DOMAIN', type: t.nullableStr, default: null, doc: 'Domain of the session cookie; null: the request host only.' });
decl({ name: 'SESSION_COOKIE_PATH', type: t.str, default: '/', doc: 'Path of the session cookie.' });
decl({ name: 'SESSION_COOKIE_SECURE', type: t.bool, default: false, doc: 'Always mark the session cookie Secure. It is marked Secure on HTTPS requests anyway.' });
decl({ name: 'SESSION_COOKIE_HTTPONLY', type: t.bool, default: true, doc: 'Hide the session cookie from scripts.' });
decl({ name: 'SESSION_COOKIE_SAMESITE', type: sameSite, default: 'Lax', doc: "SameSite of the session cookie: 'Lax', 'Strict', 'None' or false." });
decl({ name: 'SESSION_EXPIRE_AT_BROWSER_CLOSE', type: t.bool, default: false, doc: 'Use a browser-session cookie (no Max-Age) for sessions.' });
decl({ name: 'SESSION_SAVE_EVERY_REQUEST', type: t.bool, default: false, doc: 'Save the session (and renew its expiry) on every request, not only when modified.' });
decl({ name: 'CSRF_COOKIE_NAME', type: t.str, default: 'csrftoken', doc: 'The name of the CSRF cookie.' });
decl({ name: 'CSRF_COOKIE_AGE', type: nullableInt, default: WEEKS_52, doc: 'CSRF cookie lifetime in seconds; null: a browser-session cookie.' });
decl({ name: 'CSRF_COOKIE_DOMAIN', type: t.nullableStr, default: null, doc: 'Domain of the CSRF cookie; null: the request host only.' });
decl({ name: 'CSRF_COOKIE_PATH', type: t.str, default: '/', doc: 'Path of the CSRF cookie.' });
decl({ name: 'CSRF_COOKIE_SECURE', type: t.bool, default: false, doc: 'Always mark the CSRF cookie Secure. It is marked Secure on HTTPS requests anyway.' });
decl({ name: 'CSRF_COOKIE_HTTPONLY', type: t.bool, default: false, doc: 'Hide the CSRF cookie from scripts (they then read the token from the page).' });
decl({ name: 'CSRF_COOKIE_SAMESITE', type: sameSite, default: 'Lax', doc: "SameSite of the CSRF cookie: 'Lax', 'Strict', 'None' or false." });
decl({ name: 'CSRF_HEADER_NAME', type: t.str, default: 'X-CSRFToken', doc: 'The request header that may carry the CSRF token (AJAX).' });
decl({ name: 'CSRF_TRUSTED_ORIGINS', type: t.strList, default: [], doc: "Origins trusted for unsafe requests besides the site's own, e.g. 'https://*.example.com'." });
decl({ name: 'CSRF_USE_SESSIONS', type: t.bool, default: false, doc: 'Keep the CSRF secret in the session instead of a cookie.' });
decl({ name: 'CSRF_FAILURE_VIEW', type: viewOrName, default: null, doc: "A view (function, or 'module#export') answering CSRF failures; null: the built-in 403 page." });
