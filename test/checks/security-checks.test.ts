import { resolveSettings } from '../../src/conf/resolve-settings';
import { registry, Tags, type CheckContext } from '../../src/checks';
import {
  checkAllowedHosts,
  checkDebug,
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
    const settings = context({ DEBUG: false, SECRET_KEY: STRONG, ALLOWED_HOSTS: ['example.com'] }).settings;
    expect(await registry.runChecks({ settings, tags: [Tags.security], includeDeployChecks: true })).toEqual([]);
  });
});
