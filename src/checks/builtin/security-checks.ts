// Deploy checks (`hyper check --deploy`): settings that are fine while developing and
// dangerous in production: the secret keys, DEBUG, ALLOWED_HOSTS, the session and
// CSRF cookies and the CSRF middleware. Ids follow Django's. (The SECURE_* header
// checks live with the security middleware, in src/middleware/checks.ts.)
import { howToSet } from '../../conf/loaded-settings';
import { CheckMessage, Warning } from '../messages';
import { register, Tags, type CheckContext } from '../registry';

export const INSECURE_KEY_PREFIX = 'hyper-insecure-';
const MIN_KEY_LENGTH = 50;
const MIN_KEY_UNIQUE_CHARACTERS = 5;

export function isWeakSecretKey(key: string): boolean {
  return key.length < MIN_KEY_LENGTH || new Set(key).size < MIN_KEY_UNIQUE_CHARACTERS || key.startsWith(INSECURE_KEY_PREFIX);
}

const WEAK_KEY_HINT =
  `Use a long random value kept out of the code, e.g. SECRET_KEY: env.str('SECRET_KEY') with ` +
  "`node -e \"console.log(require('crypto').randomBytes(48).toString('base64url'))\"` in the environment.";

export function checkSecretKeyStrength({ settings }: CheckContext): CheckMessage[] {
  const messages: CheckMessage[] = [];
  const key = settings.values.SECRET_KEY as string;
  if (key && isWeakSecretKey(key)) {
    messages.push(
      new Warning(
        `Your SECRET_KEY has fewer than ${MIN_KEY_LENGTH} characters, fewer than ${MIN_KEY_UNIQUE_CHARACTERS} unique ` +
          `characters, or the '${INSECURE_KEY_PREFIX}' prefix of a generated development key: signing is weak.`,
        { id: 'security.W009', hint: WEAK_KEY_HINT },
      ),
    );
  }
  (settings.values.SECRET_KEY_FALLBACKS as string[]).forEach((fallback, index) => {
    if (isWeakSecretKey(fallback)) {
      messages.push(
        new Warning(`SECRET_KEY_FALLBACKS[${index}] is weak (short, repetitive or a generated development key).`, {
          id: 'security.W025',
          hint: WEAK_KEY_HINT,
        }),
      );
    }
  });
  return messages;
}

export function checkDebug({ settings }: CheckContext): CheckMessage[] {
  if (!settings.values.DEBUG) return [];
  return [
    new Warning('You should not have DEBUG set to true in deployment.', {
      id: 'security.W018',
      hint: `In production, ${howToSet(settings, 'DEBUG', 'false')}.`,
    }),
  ];
}

export function checkAllowedHosts({ settings }: CheckContext): CheckMessage[] {
  if ((settings.values.ALLOWED_HOSTS as string[]).length > 0) return [];
  return [
    new Warning('ALLOWED_HOSTS must not be empty in deployment.', {
      id: 'security.W020',
      hint: "List the host names this site answers to, e.g. ALLOWED_HOSTS: ['example.com'].",
    }),
  ];
}

const SESSIONS_APP = 'hyperdjango.sessions';
const SESSIONS_MIDDLEWARE = 'hyperdjango.sessions.middleware';
const CSRF_MIDDLEWARE = 'hyperdjango.middleware.csrf';

const hasMiddleware = (values: Record<string, unknown>, name: string) => ((values.MIDDLEWARE as unknown[]) ?? []).includes(name);

/** Django's triads: the same problem worded for the app, the middleware, or both. */
function sessionCookieWarning(values: Record<string, unknown>, flag: string, risk: string, ids: [string, string, string]): CheckMessage[] {
  const app = ((values.INSTALLED_APPS as string[]) ?? []).includes(SESSIONS_APP);
  const middleware = hasMiddleware(values, SESSIONS_MIDDLEWARE);
  if (!app && !middleware) return [];
  const where = app && middleware ? `'${SESSIONS_APP}' in INSTALLED_APPS and '${SESSIONS_MIDDLEWARE}' in MIDDLEWARE` : app ? `'${SESSIONS_APP}' in INSTALLED_APPS` : `'${SESSIONS_MIDDLEWARE}' in MIDDLEWARE`;
  const id = app && middleware ? ids[2] : app ? ids[0] : ids[1];
  return [new Warning(`You have ${where}, but you have not set ${flag} to true. ${risk}`, { id, hint: `Set ${flag}: true in the production settings.` })];
}

export function checkSessionCookies({ settings }: CheckContext): CheckMessage[] {
  const v = settings.values;
  const messages: CheckMessage[] = [];
  if (!v.SESSION_COOKIE_SECURE) {
    messages.push(...sessionCookieWarning(v, 'SESSION_COOKIE_SECURE', 'Sessions are marked Secure on requests seen as HTTPS (SECURE_PROXY_SSL_HEADER), but a plain-HTTP request would send the cookie in clear and a network eavesdropper could hijack the session.', ['security.W010', 'security.W011', 'security.W012']));
  }
  if (!v.SESSION_COOKIE_HTTPONLY) {
    messages.push(...sessionCookieWarning(v, 'SESSION_COOKIE_HTTPONLY', 'Any script of the page (an XSS) can read the session cookie.', ['security.W013', 'security.W014', 'security.W015']));
  }
  return messages;
}

export function checkCsrf({ settings }: CheckContext): CheckMessage[] {
  const v = settings.values;
  if (!hasMiddleware(v, CSRF_MIDDLEWARE)) {
    return [
      new Warning(`You don't appear to be using the built-in cross-site request forgery protection: '${CSRF_MIDDLEWARE}' is not in MIDDLEWARE.`, {
        id: 'security.W003',
        hint: `Add '${CSRF_MIDDLEWARE}' to MIDDLEWARE (after the sessions middleware), and exempt only the views that must accept foreign POSTs with csrfExempt().`,
      }),
    ];
  }
  if (!v.CSRF_USE_SESSIONS && !v.CSRF_COOKIE_SECURE) {
    return [
      new Warning(`You have '${CSRF_MIDDLEWARE}' in MIDDLEWARE, but you have not set CSRF_COOKIE_SECURE to true: a plain-HTTP request would send the CSRF cookie in clear.`, {
        id: 'security.W016',
        hint: 'Set CSRF_COOKIE_SECURE: true in the production settings.',
      }),
    ];
  }
  return [];
}

register(checkSecretKeyStrength, Tags.security, { deploy: true });
register(checkDebug, Tags.security, { deploy: true });
register(checkAllowedHosts, Tags.security, { deploy: true });
register(checkCsrf, Tags.security, { deploy: true });
register(checkSessionCookies, Tags.security, { deploy: true });
