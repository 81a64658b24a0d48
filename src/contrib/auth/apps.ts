// The auth app (hyperdjango.auth): on ready it names its middleware, creates default
// permissions after each migrate, updates lastLogin on login, and adds `user` to
// the context of templates rendered with a request.
import { AppConfig } from '../../apps/app-config';
import type { AppConfig as Config } from '../../apps/app-config';
import { registerMiddleware } from '../../middleware/load';
import { postMigrate } from '../../orm/signals';
import { registerContextProcessor } from '../../template/context-processors';
import { AnonymousUser } from './anonymous-user';
import { createPermissions } from './create-permissions';
import { updateLastLogin } from './login';
import { userLoggedIn } from './signals';

async function createPermissionsAfterMigrate({ apps, using }: { apps: readonly unknown[]; using: string }): Promise<void> {
  await createPermissions(apps as Config[], using);
}

export function userContext(request: { user?: unknown } | undefined): Record<string, unknown> {
  return request && 'user' in request && request.user !== undefined ? { user: request.user } : request ? { user: new AnonymousUser() } : {};
}

export default class AuthConfig extends AppConfig {
  verboseName = 'Authentication and Authorization';

  ready(): void {
    registerMiddleware('hyperdjango.auth.middleware', () => require('./middleware').authMiddleware, true);
    postMigrate.connect(createPermissionsAfterMigrate);
    userLoggedIn.connect(updateLastLogin);
    registerContextProcessor(userContext);
  }
}
