// Settings of authentication (hyperdjango.auth), declared here so that loading
// settings knows them. See docs/auth.md.
import { declareSetting } from './declarations';
import * as t from './setting-types';
import type { SettingType } from './setting-types';
import { badEnvValue } from './parse-env-value';

/** A framework or project class by name, or the class itself. */
export type ClassEntry = string | (abstract new (...args: never[]) => unknown);

/** One AUTH_PASSWORD_VALIDATORS entry, in Django's shape. */
export interface PasswordValidatorEntry {
  NAME: ClassEntry;
  OPTIONS?: Record<string, unknown>;
}

declare module './global-settings' {
  interface Settings {
    AUTH_USER_MODEL: string;
    AUTHENTICATION_BACKENDS: ClassEntry[];
    PASSWORD_HASHERS: ClassEntry[];
    AUTH_PASSWORD_VALIDATORS: PasswordValidatorEntry[];
    LOGIN_URL: string;
    LOGIN_REDIRECT_URL: string;
    LOGOUT_REDIRECT_URL: string | null;
    PASSWORD_RESET_TIMEOUT: number;
  }
}

const modelLabel: SettingType<string> = {
  expected: "a model label such as 'auth.User' or 'accounts.User'",
  is: (v): v is string => typeof v === 'string' && /^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/.test(v),
  parse: (raw) => {
    if (!modelLabel.is(raw.trim())) throw badEnvValue(`expected app_label.ModelName, got '${raw}'`);
    return raw.trim();
  },
};

const validatorList: SettingType<PasswordValidatorEntry[]> = {
  expected: "a list of { NAME: 'hyperdjango.auth.MinimumLengthValidator' (or a class), OPTIONS?: {...} } objects",
  is: (v): v is PasswordValidatorEntry[] =>
    Array.isArray(v) &&
    v.every((item) => typeof item === 'object' && item !== null && ['string', 'function'].includes(typeof (item as PasswordValidatorEntry).NAME)),
  parse: (raw) => {
    const value = t.objectList.parse(raw);
    if (!validatorList.is(value)) throw badEnvValue(`expected a JSON list of objects with a NAME, got '${raw}'`);
    return value;
  },
};

const decl = declareSetting;
decl({ name: 'AUTH_USER_MODEL', type: modelLabel, default: 'auth.User', doc: "The model of users, as 'app_label.ModelName'. Set it before the first migrate: changing it later needs hand-written migrations." });
const classList = t.moduleOrFunctionList as unknown as SettingType<ClassEntry[]>;
decl({ name: 'AUTHENTICATION_BACKENDS', type: classList, default: ['hyperdjango.auth.ModelBackend'], doc: 'Backends authenticate() tries in order: framework names or project modules (module#export), or the classes themselves.' });
decl({
  name: 'PASSWORD_HASHERS',
  type: classList,
  default: ['hyperdjango.auth.ScryptPasswordHasher', 'hyperdjango.auth.PBKDF2PasswordHasher'],
  doc: 'Password hashers: the first hashes new passwords, all of them verify stored ones (and those are rehashed with the first on login).',
  secret: false,
});
decl({ name: 'AUTH_PASSWORD_VALIDATORS', type: validatorList, default: [], doc: 'Validators new passwords must pass: [{ NAME, OPTIONS }] as in Django.' });
decl({ name: 'LOGIN_URL', type: t.str, default: '/accounts/login/', doc: 'Where loginRequired sends anonymous users (a path or a URL name).' });
decl({ name: 'LOGIN_REDIRECT_URL', type: t.str, default: '/accounts/profile/', doc: 'Where a login view goes when no safe ?next= is given (a path or a URL name).' });
decl({ name: 'LOGOUT_REDIRECT_URL', type: t.nullableStr, default: null, doc: 'Where a logout view goes; null renders the page instead (a path or a URL name).' });
decl({ name: 'PASSWORD_RESET_TIMEOUT', type: t.int, default: 259200, doc: 'Seconds a password reset link stays valid (three days).' });
