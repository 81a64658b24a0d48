// Setup shared by the auth suites: a database per suite (server or PGlite) migrated
// through the real migrate command (so the shipped migrations and the permissions
// created after migrate are used), users and groups emptied between tests.
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { connections } from '../../src/db';
import { callCommand } from '../../src/management/call-command';
import { resetModelRegistry } from '../../src/orm';
import { ScryptPasswordHasher } from '../../src/contrib/auth/hashers';
import { createTestDatabase, type BackendKind, type TestDatabase } from '../support/test-databases';

/** Quick to compute; the parameters are what the tests look at, not the cost. */
export class FastScrypt extends ScryptPasswordHasher {
  workFactor = 2 ** 10;
}

export const TEST_APPS = ['hyperdjango.auth'];

export function useAuthDatabase(kind: BackendKind, settings: Record<string, unknown> = {}, installed: string[] = TEST_APPS): void {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    resetSettings();
    apps.reset();
    resetModelRegistry();
    configure({ SECRET_KEY: 'auth-tests-'.padEnd(60, 'x'), INSTALLED_APPS: installed, DATABASES: { default: db.url }, PASSWORD_HASHERS: [FastScrypt], ...settings });
    await apps.populate(installed, process.cwd());
    await callCommand('migrate', { verbosity: 0 });
  });
  beforeEach(async () => {
    await connections.get().execute({ sql: 'TRUNCATE auth_user, auth_group CASCADE', parameters: [] });
  });
  afterAll(async () => {
    await connections.reset();
    await db.drop();
  });
}
