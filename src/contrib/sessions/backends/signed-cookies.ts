// The signed-cookie backend (SESSION_ENGINE 'signed_cookies'): the data travels in
// the cookie itself, signed and compressed, so nothing is stored on the server.
// The client can read (not change) it, and a copied cookie stays valid until it
// expires: logout cannot revoke it. See docs/security.md.
import { BadSignature } from '../../../signing/errors';
import { dumps, loads } from '../../../signing/signer';
import { SessionBase, type SessionData, cookieAge } from './base';

const SALT = 'hyperdjango.contrib.sessions.backends.signed_cookies';

export class SessionStore extends SessionBase {
  protected async loadData(sessionKey: string): Promise<SessionData> {
    try {
      const value = loads<SessionData>(sessionKey, { salt: SALT, maxAge: cookieAge() });
      if (value && typeof value === 'object' && !Array.isArray(value)) return value;
    } catch (error) {
      if (!(error instanceof BadSignature)) throw error;
    }
    // Tampered or expired: start over, and make the middleware replace the cookie.
    this.key = null;
    this.modified = true;
    return {};
  }

  async exists(): Promise<boolean> {
    return false;
  }

  async create(): Promise<void> {
    this.modified = true;
  }

  /** The "key" is the signed data itself. */
  async save(): Promise<void> {
    this.key = dumps(this.loaded ? this.data : {}, { salt: SALT, compress: true });
    this.modified = true;
  }

  async deleteRecord(): Promise<void> {
    this.key = '';
    this.data = {};
    this.loaded = true;
    this.modified = true;
  }

  override async cycleKey(): Promise<void> {
    await this.save();
  }

  static async clearExpired(): Promise<number> {
    return 0;
  }
}
