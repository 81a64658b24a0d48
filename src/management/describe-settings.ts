// How settings print in diffsettings: values as code, secrets masked. What is masked:
// a setting whose name looks secret (Django's API|KEY|PASS|SECRET|SIGNATURE|TOKEN)
// when its value is a string or a list of strings (SECRET_KEY, SECRET_KEY_FALLBACKS,
// a project's STRIPE_API_KEY), unless its declaration says it is not a secret
// (PASSWORD_HASHERS); inside objects, at any depth, the values of keys that look
// secret (DATABASES' PASSWORD); and passwords in URLs. A structured setting is never
// masked whole for its name: AUTH_PASSWORD_VALIDATORS is a list of class names and
// options, which diffsettings is there to show.
import { inspect } from 'node:util';
import { settingDeclaration } from '../conf/declarations';
import { MASK, maskUrlPasswords } from '../core/cleanse';

// Narrower than the DEBUG page's pattern (core/cleanse): diffsettings is there to
// show configuration, so AUTH_USER_MODEL and the like stay readable.
const SECRET_NAME = /API|KEY|PASS|SECRET|SIGNATURE|TOKEN/i;

const maskString = (value: string) => (value === '' ? value : MASK);

/** A structure worth looking into (an object, or a list with objects) rather than a value to mask whole. */
const holdsObjects = (value: unknown): boolean => typeof value === 'object' && value !== null && (!Array.isArray(value) || value.some((item) => typeof item === 'object' && item !== null));

/** Passwords inside URLs ('postgres://user:pw@host') and secret-looking keys are masked wherever they appear. */
function maskNested(value: unknown): unknown {
  if (typeof value === 'string') return maskUrlPasswords(value);
  if (Array.isArray(value)) return value.map(maskNested);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_NAME.test(key) && !holdsObjects(item) ? MASK : maskNested(item)]));
  }
  return value;
}

export function maskSecrets(name: string, value: unknown): unknown {
  if (SECRET_NAME.test(name) && settingDeclaration(name)?.secret !== false) {
    if (typeof value === 'string') return maskString(value);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.map(maskString);
  }
  return maskNested(value);
}

export function formatValue(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Infinity, compact: true, sorted: false });
}
