// The sessions error catalogue.
import { BadRequest } from '../../http/errors';

/**
 * The session was deleted (logout in another tab, clearsessions) while this request
 * ran; saving it would bring a logged-out session back. Answered with 400, as Django.
 */
export class SessionInterrupted extends BadRequest {
  constructor() {
    super('The request\'s session was deleted before the request completed. The user may have logged out in a concurrent request, for example.', { code: 'HYPER_SESSION_INTERRUPTED' });
  }
}
