// hyperdjango.messages: one-time notices for the next page (Django's messages
// framework). On ready it names its middleware, adds `messages` to templates and
// registers its checks. What ready() needs is required there: `hyper --help` reads
// this file without populating apps.
import { AppConfig } from '../../apps/app-config';

export default class MessagesConfig extends AppConfig {
  name = 'hyperdjango.messages';
  label = 'messages';
  verboseName = 'Messages';

  ready(): void {
    const { registerMiddleware } = require('../../middleware/load') as typeof import('../../middleware/load');
    const { registerContextProcessor } = require('../../template/context-processors') as typeof import('../../template/context-processors');
    const { register, Tags } = require('../../checks/registry') as typeof import('../../checks/registry');
    const { messagesContext } = require('./context') as typeof import('./context');
    const { checkMessagesSettings } = require('./checks') as typeof import('./checks');
    registerMiddleware('hyperdjango.messages.middleware', () => (require('./middleware') as typeof import('./middleware')).messagesMiddleware, true);
    registerContextProcessor(messagesContext);
    register(checkMessagesSettings, Tags.compatibility);
  }
}
