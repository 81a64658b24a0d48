// hyperdjango.sessions: per-visitor data kept between requests (database or
// signed-cookie backend), its middleware name and `hyper clearsessions`.
import { AppConfig } from '../../apps/app-config';
import { registerMiddleware } from '../../middleware/load';

export default class SessionsConfig extends AppConfig {
  name = 'hyperdjango.sessions';
  label = 'sessions';
  verboseName = 'Sessions';

  ready(): void {
    registerMiddleware('hyperdjango.sessions.middleware', () => require('./middleware').sessionMiddleware, true);
  }
}
