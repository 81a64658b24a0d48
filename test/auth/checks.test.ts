// The auth checks in-process (the e2e suite runs them through `hyper check`), and the
// middleware's message when the sessions middleware is missing.
import { apps } from '../../src/apps/registry';
import { configure, loadedSettings, resetSettings } from '../../src/conf/settings';
import { resetModelRegistry } from '../../src/orm';
import { checkUserModel } from '../../src/contrib/auth/checks';
import { HttpResponse } from '../../src/http';
import { path, setUrlconf } from '../../src/urls';
import { Client } from '../../src/test-client';

async function setup(settings: Record<string, unknown>): Promise<string[]> {
  resetSettings();
  apps.reset();
  resetModelRegistry();
  configure({ SECRET_KEY: 'x'.repeat(60), INSTALLED_APPS: ['hyperdjango.auth'], ...settings });
  await apps.populate(['hyperdjango.auth'], process.cwd());
  return checkUserModel({ appConfigs: null, settings: loadedSettings(), databases: [] }).map((message) => `${message.id}: ${message.msg}`);
}

it('the default user model passes', async () => {
  expect(await setup({})).toEqual([]);
});

it('AUTH_USER_MODEL naming a model that is not installed is auth.E013', async () => {
  expect(await setup({ AUTH_USER_MODEL: 'accounts.Member' })).toEqual(["auth.E013: AUTH_USER_MODEL refers to model 'accounts.Member' that has not been installed."]);
});

it('the auth middleware without the sessions middleware says which to add', async () => {
  await setup({ ALLOWED_HOSTS: ['testserver'], MIDDLEWARE: ['hyperdjango.auth.middleware'] });
  setUrlconf([path('', () => new HttpResponse('ok'))]);
  const errors: string[] = [];
  try {
    const res = await new Client({ log: (_level: unknown, _message: unknown, error?: unknown) => void errors.push(String((error as Error | undefined)?.message)) }).get('/');
    expect(res.status).toBe(500);
  } finally {
    setUrlconf(null);
  }
  expect(errors.join('\n')).toContain("list 'hyperdjango.sessions.middleware' before 'hyperdjango.auth.middleware'");
});
