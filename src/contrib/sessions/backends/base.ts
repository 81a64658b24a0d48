// SessionBase: the session API every backend shares. Reads and writes are
// synchronous on data loaded beforehand (the middleware awaits load() once, when a
// session cookie arrives); storage calls (load, save, delete, cycleKey, flush) are async.
import { settings, settingsConfigured } from '../../../conf/settings';
import { ImproperlyConfigured, InvalidArgument } from '../../../core/errors';
import { randomString } from '../../../signing/crypto';
import { BadSignature } from '../../../signing/errors';
import { dumps, loads } from '../../../signing/signer';

const KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const KEY_LENGTH = 32;
/** Where the expiry chosen with setExpiry() is kept in the data (Django's name). */
export const EXPIRY_KEY = '_session_expiry';

export type SessionData = Record<string, unknown>;
export type ExpiryValue = number | Date | null;

/** 32 characters of [a-z0-9] from the OS's CSPRNG (about 165 bits). */
export function newSessionKey(): string {
  return randomString(KEY_LENGTH, KEY_CHARS);
}

const SESSION_KEY_SHAPE = /^[a-z0-9]{8,40}$/;
/**
 * True for a key this framework could have drawn (or Django's, 32 of [a-z0-9]).
 * A cookie can carry anything, NUL bytes included, which PostgreSQL refuses in text:
 * such a key is no session rather than an error on every page.
 */
export function isSessionKey(key: string): boolean {
  return SESSION_KEY_SHAPE.test(key);
}

const setting = <T>(name: string, fallback: T): T => (settingsConfigured() ? (settings[name] as T) : fallback);
export const cookieAge = (): number => setting('SESSION_COOKIE_AGE', 1209600);

export abstract class SessionBase {
  /** True once anything read or wrote the data (the middleware then adds Vary: Cookie). */
  accessed = false;
  /** True once the data changed (the middleware then saves and sends the cookie). */
  modified = false;
  protected data: SessionData = {};
  protected loaded: boolean;
  protected key: string | null;

  constructor(sessionKey?: string | null) {
    this.key = sessionKey || null;
    this.loaded = this.key === null;
  }

  get sessionKey(): string | null {
    return this.key;
  }

  // --- the synchronous mapping -------------------------------------------------------
  get<T = unknown>(key: string, defaultValue?: T): T | undefined {
    const data = this.current();
    return key in data ? (data[key] as T) : defaultValue;
  }

  set(key: string, value: unknown): void {
    this.current()[key] = value;
    this.modified = true;
  }

  /**
   * Removes a key of the data; true when it was there. (Django's SessionBase.delete()
   * deletes the stored record instead: here that is `await session.deleteRecord()`,
   * so that no string can ever be taken for the other meaning.)
   */
  delete(key: string): boolean {
    const present = this.has(key);
    this.pop(key);
    return present;
  }

  /** Removes a key and returns its value. */
  pop<T = unknown>(key: string, defaultValue?: T): T | undefined;
  pop(key: string, defaultValue?: unknown): unknown {
    const data = this.current();
    if (!(key in data)) return defaultValue;
    const value = data[key];
    delete data[key];
    this.modified = true;
    return value;
  }

  has(key: string): boolean {
    return key in this.current();
  }

  keys(): string[] {
    return Object.keys(this.current());
  }

  items(): Array<[string, unknown]> {
    return Object.entries(this.current());
  }

  /** Empties the data (the key and record stay: flush() also drops those). */
  clear(): void {
    this.data = {};
    this.loaded = true;
    this.accessed = true;
    this.modified = true;
  }

  get isEmpty(): boolean {
    return !this.key && Object.keys(this.loaded ? this.data : {}).length === 0;
  }

  // --- expiry --------------------------------------------------------------------------
  /**
   * null: back to the global policy (SESSION_COOKIE_AGE, SESSION_EXPIRE_AT_BROWSER_CLOSE);
   * 0: when the browser closes; a number: seconds of inactivity; a Date: that moment.
   */
  setExpiry(value: ExpiryValue): void {
    if (value === null) {
      if (this.has(EXPIRY_KEY)) this.pop(EXPIRY_KEY);
      return;
    }
    if (value instanceof Date) this.set(EXPIRY_KEY, value.toISOString());
    else if (Number.isFinite(value)) this.set(EXPIRY_KEY, Math.floor(value));
    else throw new InvalidArgument('HYPER_SESSION_INVALID_EXPIRY', `setExpiry() takes seconds, a Date, 0 or null (got ${typeof value === 'number' ? value : typeof value}).`);
  }

  /** Seconds until the session expires, from now. */
  getExpiryAge(): number {
    const expiry = this.current()[EXPIRY_KEY];
    if (typeof expiry === 'number' && expiry > 0) return expiry;
    if (typeof expiry === 'string') return Math.floor((Date.parse(expiry) - Date.now()) / 1000);
    return cookieAge();
  }

  getExpiryDate(): Date {
    const expiry = this.current()[EXPIRY_KEY];
    if (typeof expiry === 'string') return new Date(expiry);
    return new Date(Date.now() + this.getExpiryAge() * 1000);
  }

  /** Whether the cookie is a browser-session cookie (no Max-Age). */
  expireAtBrowserClose(): boolean {
    const expiry = this.current()[EXPIRY_KEY];
    if (expiry === undefined || expiry === null) return setting('SESSION_EXPIRE_AT_BROWSER_CLOSE', false);
    return expiry === 0;
  }

  // --- storage -------------------------------------------------------------------------
  /** A new key with the same data, the old record deleted: call on login (no session fixation). */
  async cycleKey(): Promise<void> {
    const data = this.current();
    const old = this.key;
    await this.create();
    this.data = data;
    this.modified = true;
    if (old) await this.deleteRecord(old);
  }

  /** Drops the data and the stored record and starts a new empty session: call on logout. */
  async flush(): Promise<void> {
    this.clear();
    await this.deleteRecord();
    this.key = null;
  }

  /** Reads the stored data of sessionKey (none, expired or tampered: an empty session without a key). */
  async load(): Promise<SessionData> {
    if (this.key) this.data = await this.loadData(this.key);
    this.loaded = true;
    return this.data;
  }

  abstract exists(sessionKey: string): Promise<boolean>;
  /** Stores the data, creating a new key when there is none. */
  abstract save(mustCreate?: boolean): Promise<void>;
  /** Deletes the stored record (this session's by default). */
  abstract deleteRecord(sessionKey?: string): Promise<void>;
  /** A new key (and record) for the current data. */
  abstract create(): Promise<void>;
  protected abstract loadData(sessionKey: string): Promise<SessionData>;

  // --- encoding --------------------------------------------------------------------------
  protected get keySalt(): string {
    return 'hyperdjango.contrib.sessions.SessionStore';
  }

  /** The data as a signed, compressed string: a row edited in the database is not trusted. */
  encode(data: SessionData): string {
    return dumps(data, { salt: this.keySalt, compress: true });
  }

  decode(text: string): SessionData {
    try {
      const value = loads<SessionData>(text, { salt: this.keySalt });
      return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error;
      process.stderr.write(`[hyper] WARNING Session data corrupted (${error.message}); the session is treated as empty.\n`);
      return {};
    }
  }

  protected current(): SessionData {
    if (!this.loaded) {
      throw new ImproperlyConfigured(`The session ${this.key?.slice(0, 8)}... was not loaded: call \`await session.load()\` before reading it.`, { code: 'HYPER_SESSION_NOT_LOADED' });
    }
    this.accessed = true;
    return this.data;
  }
}
