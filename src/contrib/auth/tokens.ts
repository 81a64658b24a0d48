// Password reset tokens, as Django's PasswordResetTokenGenerator: "<timestamp>-<hmac>",
// the timestamp in base 36 (seconds since 2001-01-01), the HMAC (SHA-256, keyed by
// SECRET_KEY) of the user's pk, password hash, last login, the timestamp and email.
// Setting a new password or logging in changes the hash, so a token works once and
// dies with any later login; it expires after PASSWORD_RESET_TIMEOUT seconds.
import { settings } from '../../conf/settings';
import { constantTimeEqual, saltedHmac } from '../../signing/crypto';

const EPOCH_2001 = Date.UTC(2001, 0, 1);

/** What a token is made of; AbstractBaseUser has it. */
export interface TokenUser {
  pk: unknown;
  password: string;
  lastLogin?: Date | null;
}

export class PasswordResetTokenGenerator {
  keySalt = 'hyperdjango.auth.tokens.PasswordResetTokenGenerator';
  algorithm = 'sha256';
  /** null: SECRET_KEY, and SECRET_KEY_FALLBACKS when checking. */
  secret: string | null = null;
  secretFallbacks: string[] | null = null;

  /** The current time in milliseconds (a test may replace it). */
  now(): number {
    return Date.now();
  }

  makeToken(user: TokenUser): string {
    return this.makeTokenWithTimestamp(user, this.numSeconds(this.now()), this.secret ?? settings.SECRET_KEY);
  }

  /** Whether the token was made for this user as it is now, with a known key, and has not expired. */
  checkToken(user: TokenUser | null | undefined, token: string | null | undefined): boolean {
    if (!user || !token) return false;
    const match = /^([0-9a-z]{1,13})-([0-9a-f]+)$/.exec(token);
    if (!match) return false;
    const timestamp = parseInt(match[1], 36);
    if (!Number.isSafeInteger(timestamp)) return false;
    const secrets = [this.secret ?? settings.SECRET_KEY, ...(this.secretFallbacks ?? settings.SECRET_KEY_FALLBACKS ?? [])];
    // Every key is tried, so the time taken does not say which one matched.
    let valid = false;
    for (const secret of secrets) if (constantTimeEqual(this.makeTokenWithTimestamp(user, timestamp, secret), token)) valid = true;
    if (!valid) return false;
    return this.numSeconds(this.now()) - timestamp <= Number(settings.PASSWORD_RESET_TIMEOUT);
  }

  protected makeTokenWithTimestamp(user: TokenUser, timestamp: number, secret: string): string {
    const ts = timestamp.toString(36);
    // Every other hex digit, as Django, to keep the URL short.
    const hash = saltedHmac(this.keySalt, this.makeHashValue(user, timestamp), secret, this.algorithm).toString('hex').replace(/(.)./g, '$1');
    return `${ts}-${hash}`;
  }

  /** What the HMAC covers: anything here changing makes earlier tokens invalid. */
  protected makeHashValue(user: TokenUser, timestamp: number): string {
    // Whole seconds: a database may keep the last login more or less precisely than a Date.
    const login = user.lastLogin ? user.lastLogin.toISOString().slice(0, 19) : '';
    const emailField = (user.constructor as { EMAIL_FIELD?: string }).EMAIL_FIELD ?? 'email';
    const email = String((user as unknown as Record<string, unknown>)[emailField] ?? '');
    return `${String(user.pk)}${user.password}${login}${timestamp}${email}`;
  }

  protected numSeconds(ms: number): number {
    return Math.floor((ms - EPOCH_2001) / 1000);
  }
}

export const defaultTokenGenerator = new PasswordResetTokenGenerator();

/** The pk as URL-safe base64 (Django's urlsafe_base64_encode(force_bytes(pk))). */
export function uidEncode(pk: unknown): string {
  return Buffer.from(String(pk), 'utf8').toString('base64url');
}

/** The pk text of a uid, or null when it is not URL-safe base64 of UTF-8 text. */
export function uidDecode(uidb64: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(uidb64)) return null;
  const text = Buffer.from(uidb64, 'base64url').toString('utf8');
  return text && Buffer.from(text, 'utf8').toString('base64url') === uidb64 ? text : null;
}
