// The auth app (hyperdjango.auth): on ready it names its middleware, creates default
// permissions after each migrate, updates lastLogin on login, and adds `user` to
// the context of templates rendered with a request. What it needs is required in
// ready(), not imported here: `hyper --help` reads this file without populating apps.
import { AppConfig } from '../../apps/app-config';
import type { AppConfig as Config } from '../../apps/app-config';

async function createPermissionsAfterMigrate({ apps, using }: { apps: readonly unknown[]; using: string }): Promise<void> {
  const { createPermissions } = require('./create-permissions') as typeof import('./create-permissions');
  await createPermissions(apps as Config[], using);
}

export function userContext(request: { user?: unknown } | undefined): Record<string, unknown> {
  if (!request) return {};
  if ('user' in request && request.user !== undefined) return { user: request.user };
  const { AnonymousUser } = require('./anonymous-user') as typeof import('./anonymous-user');
  return { user: new AnonymousUser() };
}

export default class AuthConfig extends AppConfig {
  verboseName = 'Authentication and Authorization';

  ready(): void {
    const { registerMiddleware } = require('../../middleware/load') as typeof import('../../middleware/load');
    const { postMigrate } = require('../../orm/signals') as typeof import('../../orm/signals');
    const { registerContextProcessor } = require('../../template/context-processors') as typeof import('../../template/context-processors');
    const { updateLastLogin } = require('./login') as typeof import('./login');
    const { userLoggedIn } = require('./signals') as typeof import('./signals');
    registerMiddleware('hyperdjango.auth.middleware', () => require('./middleware').authMiddleware, true);
    postMigrate.connect(createPermissionsAfterMigrate);
    userLoggedIn.connect(updateLastLogin);
    registerContextProcessor(userContext);
  }
}
