// The session auth hash: an HMAC of the user's password hash, stored in the session at
// login. Changing the password changes it, which logs the user's other sessions out.
import { settings } from '../../conf/settings';
import { saltedHmac } from '../../signing/crypto';

const KEY_SALT = 'hyperdjango.auth.models.AbstractBaseUser.getSessionAuthHash';

function saltedHmacHex(value: string, secret: string): string {
  return saltedHmac(KEY_SALT, value, secret, 'sha256').toString('hex');
}

export function sessionAuthHash(passwordHash: string): string {
  return saltedHmacHex(passwordHash, settings.SECRET_KEY);
}

/** The hashes under SECRET_KEY_FALLBACKS: sessions made before a key rotation stay valid. */
export function fallbackSessionAuthHashes(passwordHash: string): string[] {
  return (settings.SECRET_KEY_FALLBACKS ?? []).map((secret) => saltedHmacHex(passwordHash, secret));
}
