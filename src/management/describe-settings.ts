// How settings print in diffsettings: values as code, secrets masked.
import { inspect } from 'node:util';

const SECRET_NAME = /API|KEY|PASS|SECRET|SIGNATURE|TOKEN/i;
export const MASK = '********************';

/** Passwords inside URLs ('postgres://user:pw@host') are masked wherever they appear. */
function maskUrlPasswords(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/(\/\/[^:/@\s]+:)[^@\s]+@/g, `$1${MASK}@`);
  if (Array.isArray(value)) return value.map(maskUrlPasswords);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, SECRET_NAME.test(key) ? MASK : maskUrlPasswords(item)]),
    );
  }
  return value;
}

export function maskSecrets(name: string, value: unknown): unknown {
  if (SECRET_NAME.test(name)) {
    if (Array.isArray(value)) return value.map(() => MASK);
    return value === '' ? value : MASK;
  }
  return maskUrlPasswords(value);
}

export function formatValue(value: unknown): string {
  return inspect(value, { depth: 6, breakLength: Infinity, compact: true, sorted: false });
}
