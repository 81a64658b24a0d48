import { resolveSettings } from '../../src/conf/resolve-settings';
import { registry, Tags, type CheckContext } from '../../src/checks';
import {
  checkAllowedHosts,
  checkCsrf,
  checkDebug,
  checkSessionCookies,
  checkSecretKeyStrength,
  INSECURE_KEY_PREFIX,
  isWeakSecretKey,
} from '../../src/checks/builtin/security-checks';

const STRONG = 'q3Vd9-Lk_2mZpX7rT0aYbWc4NeHf6GjUsRi8Ko1Ml5QvBnAxCzEw';

function context(userValues: Record<string, unknown>): CheckContext {
  const settings = resolveSettings({ userValues, file: null, projectRoot: '/project', env: {}, dotenv: new Map() });
  return { settings, appConfigs: null, databases: [] };
}

const ids = (messages: { id?: string }[]) => messages.map((message) => message.id);

describe('isWeakSecretKey', () => {
  test('a long, varied, non-development key is strong', () => {
    expect(STRONG.length).toBeGreaterThanOrEqual(50);
    expect(isWeakSecretKey(STRONG)).toBe(false);
  });

  test('short, repetitive, or with the development prefix is weak', () => {
    expect(isWeakSecretKey(STRONG.slice(0, 49))).toBe(true);
    expect(isWeakSecretKey('abcd'.repeat(20))).toBe(true); // 4 unique characters
    expect(isWeakSecretKey('abcde'.repeat(20))).toBe(false); // 5 are enough
    expect(isWeakSecretKey(INSECURE_KEY_PREFIX + STRONG)).toBe(true);
    expect(INSECURE_KEY_PREFIX).toBe('hyper-insecure-');
  });
});

describe('security.W009: SECRET_KEY strength', () => {
  test('a weak key is a warning with a hint on making a strong one', () => {
    const [message, ...rest] = checkSecretKeyStrength(context({ SECRET_KEY: `${INSECURE_KEY_PREFIX}${STRONG}` }));
    expect(rest).toEqual([]);
    expect(message.id).toBe('security.W009');
    expect(message.isSerious()).toBe(false);
    expect(message.msg).toContain("'hyper-insecure-' prefix");
    expect(message.hint).toContain('randomBytes');
    expect(ids(checkSecretKeyStrength(context({ SECRET_KEY: 'short' })))).toEqual(['security.W009']);
  });

  test('a strong key passes; an empty key is left to settings.E001', () => {
    expect(checkSecretKeyStrength(context({ SECRET_KEY: STRONG }))).toEqual([]);
    expect(checkSecretKeyStrength(context({ SECRET_KEY: '' }))).toEqual([]);
  });
});

describe('security.W025: SECRET_KEY_FALLBACKS', () => {
  test('each weak fallback is named by its index', () => {
    const messages = checkSecretKeyStrength(
      context({ SECRET_KEY: STRONG, SECRET_KEY_FALLBACKS: [STRONG, 'short', `${INSECURE_KEY_PREFIX}${STRONG}`, ''] }),
    );
    expect(ids(messages)).toEqual(['security.W025', 'security.W025', 'security.W025']);
    expect(messages.map((message) => message.msg.split(' ')[0])).toEqual([
      'SECRET_KEY_FALLBACKS[1]',
      'SECRET_KEY_FALLBACKS[2]',
      'SECRET_KEY_FALLBACKS[3]',
    ]);
  });

  test('strong fallbacks pass', () => {
    expect(checkSecretKeyStrength(context({ SECRET_KEY: STRONG, SECRET_KEY_FALLBACKS: [STRONG.split('').reverse().join('')] }))).toEqual([]);
  });
});

describe('security.W018 and W020', () => {
  test('DEBUG on is a warning', () => {
    expect(ids(checkDebug(context({ DEBUG: true })))).toEqual(['security.W018']);
    expect(checkDebug(context({ DEBUG: false }))).toEqual([]);
  });

  test('empty ALLOWED_HOSTS is a warning', () => {
    expect(ids(checkAllowedHosts(context({ ALLOWED_HOSTS: [] })))).toEqual(['security.W020']);
    expect(checkAllowedHosts(context({ ALLOWED_HOSTS: ['example.com'] }))).toEqual([]);
  });
});

describe('security.W010-W015: session cookies', () => {
  const sessions = { INSTALLED_APPS: ['hyperdjango.sessions'], MIDDLEWARE: ['hyperdjango.sessions.middleware'] };
  test('an insecure session cookie is worded for the app, the middleware or both', () => {
    expect(ids(checkSessionCookies(context(sessions)))).toEqual(['security.W012']);
    expect(ids(checkSessionCookies(context({ INSTALLED_APPS: sessions.INSTALLED_APPS })))).toEqual(['security.W010']);
    expect(ids(checkSessionCookies(context({ MIDDLEWARE: sessions.MIDDLEWARE })))).toEqual(['security.W011']);
    const [message] = checkSessionCookies(context(sessions));
    expect(message.msg).toMatch(/SESSION_COOKIE_SECURE/);
    expect(message.hint).toBe('Set SESSION_COOKIE_SECURE: true in the production settings.');
  });

  test('HttpOnly off is W013/W014/W015; no sessions, no warning', () => {
    const off = { SESSION_COOKIE_SECURE: true, SESSION_COOKIE_HTTPONLY: false };
    expect(ids(checkSessionCookies(context({ ...sessions, ...off })))).toEqual(['security.W015']);
    expect(ids(checkSessionCookies(context({ INSTALLED_APPS: sessions.INSTALLED_APPS, ...off })))).toEqual(['security.W013']);
    expect(ids(checkSessionCookies(context({ MIDDLEWARE: sessions.MIDDLEWARE, ...off })))).toEqual(['security.W014']);
    expect(checkSessionCookies(context({}))).toEqual([]);
    expect(checkSessionCookies(context({ ...sessions, SESSION_COOKIE_SECURE: true }))).toEqual([]);
  });
});

describe('security.W003 and W016: CSRF', () => {
  test('no CSRF middleware is W003; an insecure CSRF cookie is W016 unless the secret is in the session', () => {
    expect(ids(checkCsrf(context({})))).toEqual(['security.W003']);
    const csrf = { MIDDLEWARE: ['hyperdjango.middleware.csrf'] };
    expect(ids(checkCsrf(context(csrf)))).toEqual(['security.W016']);
    expect(checkCsrf(context({ ...csrf, CSRF_COOKIE_SECURE: true }))).toEqual([]);
    expect(checkCsrf(context({ ...csrf, CSRF_USE_SESSIONS: true }))).toEqual([]);
  });
});

describe('registration', () => {
  test('these checks run only with --deploy, under the security tag', async () => {
    const settings = context({ DEBUG: true, SECRET_KEY: 'short', ALLOWED_HOSTS: [] }).settings;
    const plain = ids(await registry.runChecks({ settings, tags: [Tags.security] }));
    const deploy = ids(await registry.runChecks({ settings, tags: [Tags.security], includeDeployChecks: true }));
    expect(plain).not.toContain('security.W009');
    expect(plain).not.toContain('security.W018');
    expect(deploy).toEqual(expect.arrayContaining(['security.W009', 'security.W018', 'security.W020']));
  });

  test('a deployment-ready project has no security warnings', async () => {
    const settings = context({
      DEBUG: false,
      SECRET_KEY: STRONG,
      ALLOWED_HOSTS: ['example.com'],
      INSTALLED_APPS: ['hyperdjango.sessions'],
      MIDDLEWARE: ['hyperdjango.sessions.middleware', 'hyperdjango.middleware.csrf'],
      SESSION_COOKIE_SECURE: true,
      CSRF_COOKIE_SECURE: true,
    }).settings;
    expect(await registry.runChecks({ settings, tags: [Tags.security], includeDeployChecks: true })).toEqual([]);
  });
});
