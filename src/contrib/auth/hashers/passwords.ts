// makePassword / checkPassword over PASSWORD_HASHERS: the first hasher hashes, every
// one of them verifies, and a correct password stored with another hasher or older
// parameters is handed to `setter` to be stored again with the preferred one.
import { settings } from '../../../conf/settings';
import { ImproperlyConfigured, InvalidArgument } from '../../../core/errors';
import { cachedInstances, loadClass, type Constructor } from '../load-entry';
import { randomString } from '../../../signing/crypto';
import type { BasePasswordHasher } from './base';
import { PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher } from './pbkdf2';
import { ScryptPasswordHasher } from './scrypt';

/** Unusable passwords start with this and can never match (Django's). */
export const UNUSABLE_PASSWORD_PREFIX = '!';
const UNUSABLE_PASSWORD_SUFFIX_LENGTH = 40;

const BUILTIN: Record<string, Constructor<BasePasswordHasher>> = { ScryptPasswordHasher, PBKDF2PasswordHasher, PBKDF2SHA1PasswordHasher };

export const getHashers = cachedInstances(
  () => settings.PASSWORD_HASHERS as unknown[],
  (entry) => {
    const hasher = new (loadClass(entry, BUILTIN, 'PASSWORD_HASHERS') as unknown as new () => BasePasswordHasher)();
    if (typeof hasher.algorithm !== 'string' || typeof hasher.encode !== 'function') {
      throw new ImproperlyConfigured(`PASSWORD_HASHERS: ${String(entry)} is not a password hasher (extend BasePasswordHasher from 'hyperdjango/auth').`, { code: 'HYPER_AUTH_INVALID_HASHER' });
    }
    return hasher;
  },
);

/** The preferred hasher ('default'), or the one of an algorithm. */
export function getHasher(algorithm = 'default'): BasePasswordHasher {
  const hashers = getHashers();
  if (!hashers.length) throw new ImproperlyConfigured('PASSWORD_HASHERS is empty: list at least one hasher.', { code: 'HYPER_AUTH_NO_HASHERS' });
  if (algorithm === 'default') return hashers[0];
  const hasher = hashers.find((candidate) => candidate.algorithm === algorithm);
  if (!hasher) throw new ImproperlyConfigured(`Unknown password hashing algorithm '${algorithm}': add its hasher to PASSWORD_HASHERS.`, { code: 'HYPER_AUTH_UNKNOWN_HASHER' });
  return hasher;
}

/** The hasher that made an encoded password; throws when none of PASSWORD_HASHERS did. */
export function identifyHasher(encoded: string): BasePasswordHasher {
  const algorithm = encoded.split('$', 1)[0];
  // The text itself stays out of the message: it may be a password stored unhashed.
  if (!encoded.includes('$')) throw new InvalidArgument('HYPER_AUTH_MALFORMED_HASH', "Not an encoded password: it has no 'algorithm$' prefix; store what makePassword() returns.");
  return getHasher(algorithm);
}

export function isPasswordUsable(encoded: string | null | undefined): boolean {
  return typeof encoded === 'string' && !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX);
}

/**
 * Hashes a random password with the preferred hasher and answers false: a user with
 * an unusable or unreadable password must take as long to refuse as a wrong password,
 * or the answer's timing tells which accounts exist without one (Django's
 * CVE-2024-39329).
 */
async function fakeCheck(hasher: BasePasswordHasher): Promise<false> {
  await hasher.encode(randomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH), hasher.salt());
  return false;
}

/** A password that no input matches ('!' and random characters). */
export function unusablePassword(): string {
  return UNUSABLE_PASSWORD_PREFIX + randomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH);
}

/** A hash of the password with the preferred hasher (or `hasher`); null gives an unusable password. */
export async function makePassword(password: string | null, salt?: string, hasher: BasePasswordHasher | string = 'default'): Promise<string> {
  if (password === null) return unusablePassword();
  if (typeof password !== 'string') throw new InvalidArgument('HYPER_AUTH_PASSWORD_NOT_A_STRING', `A password must be a string or null (got ${typeof password}).`);
  const chosen = typeof hasher === 'string' ? getHasher(hasher) : hasher;
  return chosen.encode(password, salt ?? chosen.salt());
}

/**
 * Whether the password matches the encoded one. On a match made with a hasher that is
 * not the preferred one, or with older parameters, `setter(password)` runs so that
 * the caller stores a fresh hash.
 */
export async function checkPassword(
  password: string | null | undefined,
  encoded: string | null | undefined,
  setter?: (password: string) => unknown,
  preferred = 'default',
): Promise<boolean> {
  const chosen = getHasher(preferred);
  let hasher: BasePasswordHasher | null = null;
  if (typeof password === 'string' && isPasswordUsable(encoded)) {
    try {
      hasher = identifyHasher(encoded!);
    } catch {
      // gibberish, or a hasher no longer installed: a mismatch, timed as one below
    }
  }
  if (!hasher) return fakeCheck(chosen);
  let correct: boolean;
  try {
    correct = await hasher.verify(password!, encoded!);
  } catch {
    // A malformed stored hash is a mismatch, never a crash of the login page.
    return fakeCheck(chosen);
  }
  const update = hasher.algorithm !== chosen.algorithm || hasher.mustUpdate(encoded!);
  if (correct && update && setter) await setter(password!);
  return correct;
}
