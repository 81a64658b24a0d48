// The database backend (SESSION_ENGINE 'db', the default): sessions in the
// sessions_session table. Loading is one query by primary key, skipping expired rows.
import { IntegrityError } from '../../../db/errors';
import { SessionInterrupted } from '../errors';
import { Session } from '../models';
import { SessionBase, type SessionData, isSessionKey, newSessionKey } from './base';

export class SessionStore extends SessionBase {
  protected async loadData(sessionKey: string): Promise<SessionData> {
    const row = isSessionKey(sessionKey) ? await Session.objects.filter({ sessionKey, expireDate__gt: new Date() }).first() : null;
    if (!row) {
      // Never adopt a key the client made up (or an expired one): a new key is drawn on save.
      this.key = null;
      return {};
    }
    return this.decode(row.sessionData ?? '');
  }

  async exists(sessionKey: string): Promise<boolean> {
    return isSessionKey(sessionKey) && Session.objects.filter({ sessionKey }).exists();
  }

  async create(): Promise<void> {
    for (;;) {
      this.key = newSessionKey();
      try {
        await this.save(true);
      } catch (error) {
        if (error instanceof IntegrityError) continue; // the key was taken: draw another
        throw error;
      }
      this.modified = true;
      return;
    }
  }

  async save(mustCreate = false): Promise<void> {
    if (!this.key) return this.create();
    const data = this.loaded ? this.data : {};
    const values = { sessionData: this.encode(data), expireDate: this.getExpiryDate() };
    if (mustCreate) await Session.objects.create({ sessionKey: this.key, ...values });
    // An update only: a row deleted meanwhile (logout elsewhere) must not come back.
    else if ((await Session.objects.filter({ sessionKey: this.key }).update(values)) === 0) throw new SessionInterrupted();
  }

  async deleteRecord(sessionKey?: string): Promise<void> {
    const key = sessionKey ?? this.key;
    if (!key || !isSessionKey(key)) return;
    await Session.objects.filter({ sessionKey: key }).delete();
  }

  /** Deletes every expired session; returns how many (`hyper clearsessions`). */
  static async clearExpired(): Promise<number> {
    const [count] = await Session.objects.filter({ expireDate__lt: new Date() }).delete();
    return count;
  }
}
