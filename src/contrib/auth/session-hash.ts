// The session auth hash: an HMAC of the user's password hash, stored in the session at
// login. Changing the password changes it, which logs the user's other sessions out.
import { createHash, createHmac } from 'node:crypto';
import { settings } from '../../conf/settings';

const KEY_SALT = 'hyperdjango.auth.models.AbstractBaseUser.getSessionAuthHash';

/** Django's salted_hmac with SHA-256: HMAC keyed by sha256(salt + secret). */
function saltedHmacHex(value: string, secret: string): string {
  const key = createHash('sha256').update(KEY_SALT + secret).digest();
  return createHmac('sha256', key).update(value).digest('hex');
}

export function sessionAuthHash(passwordHash: string): string {
  return saltedHmacHex(passwordHash, settings.SECRET_KEY);
}

/** The hashes under SECRET_KEY_FALLBACKS: sessions made before a key rotation stay valid. */
export function fallbackSessionAuthHashes(passwordHash: string): string[] {
  return (settings.SECRET_KEY_FALLBACKS ?? []).map((secret) => saltedHmacHex(passwordHash, secret));
}
