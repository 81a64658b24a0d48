// The stored sessions of the database backend: one row per session key, with the
// signed data and the moment it expires (indexed: clearsessions deletes by it).
import { CharField, DateTimeField, TextField, model, type Manager } from '../../orm';

export class Session extends model(
  {
    sessionKey: CharField({ maxLength: 40, primaryKey: true }),
    sessionData: TextField(),
    expireDate: DateTimeField({ dbIndex: true }),
  },
  { appLabel: 'sessions', verboseName: 'session', verboseNamePlural: 'sessions' },
) {
  declare static objects: Manager<Session>;
}
