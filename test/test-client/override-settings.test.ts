// overrideSettings() reaches what was derived from settings before it started: each
// case below primes the cache first (a hash made, a template rendered, a client that
// has served a request), overrides, checks the new value is used through the real code
// path, and checks the old one is back after the block.
import * as path from 'node:path';
import { apps } from '../../src/apps/registry';
import { configure, onSettingChanged, resetSettings, settings } from '../../src/conf/settings';
import { localtime } from '../../src/conf/timezone';
import { makePassword, PBKDF2PasswordHasher, validatePassword } from '../../src/contrib/auth';
import { HttpResponse, type Request } from '../../src/http';
import { csrfMiddleware, getToken, securityMiddleware } from '../../src/middleware';
import { sessionMiddleware } from '../../src/contrib/sessions/middleware';
import { Signer } from '../../src/signing';
import { resetManifestCache, staticUrl } from '../../src/static';
import { renderToString, resetEngine } from '../../src/template/engine';
import { Client, overrideSettings } from '../../src/test-client';
import { path as route, resolve, reverse, setUrlconf } from '../../src/urls';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';

let root: string;

/** A urls module of the project with one route named 'here' (the same copy of the URL layer as this test's). */
function urlsModule(route: string): string {
  const urls = JSON.stringify(path.resolve(__dirname, '../../src/urls'));
  return `import { path } from ${urls};\nexport const urlpatterns = [path('${route}/', () => null as never, { name: 'here' })];\n`;
}

class FastHasher extends PBKDF2PasswordHasher {
  algorithm = 'pbkdf2_fast';
  iterations = 1;
}

beforeAll(() => {
  root = makeSuiteTempDir('hyper-override-');
  writeFiles(root, {
    'templates/page.html': 'from the project',
    'other/page.html': 'from the override',
    'urls.ts': urlsModule('first'),
    'other-urls.ts': urlsModule('second'),
    'collected/staticfiles.json': JSON.stringify({ version: '1.1', paths: { 'site.css': 'site.0123456789ab.css' } }),
  });
  configure(
    {
      DEBUG: false,
      SECRET_KEY: 'the project key of this test',
      INSTALLED_APPS: ['hyperdjango.staticfiles'],
      ALLOWED_HOSTS: ['testserver'],
      ROOT_URLCONF: 'urls',
      TEMPLATES: [{ DIRS: ['templates'] }],
      MIDDLEWARE: [securityMiddleware, sessionMiddleware, csrfMiddleware],
      SESSION_ENGINE: 'signed_cookies',
      STATIC_ROOT: 'static-root',
      PASSWORD_HASHERS: ['hyperdjango.auth.PBKDF2PasswordHasher'],
    },
    { projectRoot: root },
  );
  apps.reset();
  apps.loadConfigs(['hyperdjango.staticfiles'], root);
  resetEngine();
  resetManifestCache();
});

afterAll(() => {
  setUrlconf(null);
  resetEngine();
  resetSettings();
  apps.reset();
});

test('listeners hear of the start and the end, also when the block throws', async () => {
  const heard: string[] = [];
  const stop = onSettingChanged(({ setting, value, enter }) => heard.push(`${enter ? 'enter' : 'exit'} ${setting}=${String(value)}`));
  try {
    await expect(overrideSettings({ DEBUG: true }, () => Promise.reject(new Error('failed inside')))).rejects.toThrow('failed inside');
  } finally {
    stop();
  }
  expect(heard).toEqual(['enter DEBUG=true', 'exit DEBUG=false']);
  expect(settings.DEBUG).toBe(false);
});

test('PASSWORD_HASHERS: the overriding list hashes', async () => {
  expect(await makePassword('secret')).toMatch(/^pbkdf2_sha256\$/);
  await overrideSettings({ PASSWORD_HASHERS: [FastHasher] }, async () => {
    expect(await makePassword('secret')).toMatch(/^pbkdf2_fast\$1\$/);
  });
  expect(await makePassword('secret')).toMatch(/^pbkdf2_sha256\$/);
});

test('AUTH_PASSWORD_VALIDATORS: the overriding validators judge', async () => {
  await validatePassword('a');
  await overrideSettings({ AUTH_PASSWORD_VALIDATORS: [{ NAME: 'hyperdjango.auth.MinimumLengthValidator', OPTIONS: { minLength: 5 } }] }, async () => {
    await expect(validatePassword('a')).rejects.toThrow(/at least 5 characters/);
  });
  await validatePassword('a');
});

test('TEMPLATES: the overriding DIRS render', async () => {
  expect(await renderToString('page.html')).toBe('from the project');
  await overrideSettings({ TEMPLATES: [{ DIRS: ['other'] }] }, async () => {
    expect(await renderToString('page.html')).toBe('from the override');
  });
  expect(await renderToString('page.html')).toBe('from the project');
});

test('ROOT_URLCONF: resolve() and reverse() use the overriding root', async () => {
  expect(reverse('here')).toBe('/first/');
  await overrideSettings({ ROOT_URLCONF: 'other-urls' }, () => {
    expect(reverse('here')).toBe('/second/');
    expect(resolve('/second/').urlName).toBe('here');
  });
  expect(reverse('here')).toBe('/first/');
});

test('STATIC_ROOT: static() reads the overriding manifest', async () => {
  expect(() => staticUrl('site.css')).toThrow(/no .*staticfiles\.json manifest/);
  await overrideSettings({ STATIC_ROOT: 'collected' }, () => {
    expect(staticUrl('site.css')).toBe('/static/site.0123456789ab.css');
  });
  expect(() => staticUrl('site.css')).toThrow(/no .*staticfiles\.json manifest/);
});

test('TIME_ZONE: dates show in the overriding zone', async () => {
  const instant = new Date('2024-01-01T00:00:00Z');
  expect(localtime(instant).hour).toBe(0);
  await overrideSettings({ TIME_ZONE: 'Asia/Tokyo' }, () => {
    expect(localtime(instant).hour).toBe(9);
  });
  expect(localtime(instant).hour).toBe(0);
});

test('SECRET_KEY: signatures use the overriding key', async () => {
  const before = new Signer().sign('value');
  await overrideSettings({ SECRET_KEY: 'another secret key for this test only' }, () => {
    expect(new Signer().sign('value')).not.toBe(before);
  });
  expect(new Signer().sign('value')).toBe(before);
});

describe('a client made before the override', () => {
  let client: Client;
  beforeAll(() => {
    setUrlconf([
      route('token/', (request: Request) => new HttpResponse(getToken(request))),
      route('session/', (request: Request) => {
        request.session.set('seen', true);
        return new HttpResponse('saved');
      }),
      route('session/read/', (request: Request) => new HttpResponse(String(request.session.get('seen') ?? 'nothing'))),
    ]);
    // Quiet: the refused hosts and the bad middleware below are logged otherwise.
    client = new Client({ log: () => undefined });
  });
  afterAll(() => setUrlconf(null));

  test('security headers: the middleware is made again with the overriding values', async () => {
    expect((await client.get('/token/')).headers.get('referrer-policy')).toBe('same-origin');
    await overrideSettings({ SECURE_REFERRER_POLICY: 'no-referrer', SECURE_CONTENT_TYPE_NOSNIFF: false }, async () => {
      const response = await client.get('/token/');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-content-type-options')).toBeUndefined();
    });
    expect((await client.get('/token/')).headers.get('referrer-policy')).toBe('same-origin');
  });

  test('CSRF_COOKIE_NAME and SESSION_COOKIE_NAME: the cookies take the overriding names, and the session is read back from its', async () => {
    await overrideSettings({ CSRF_COOKIE_NAME: 'xsrf', SESSION_COOKIE_NAME: 'visit' }, async () => {
      client.cookies.clear();
      await client.get('/token/');
      await client.get('/session/');
      expect([...client.cookies.keys()].sort()).toEqual(['visit', 'xsrf']);
      expect((await client.get('/session/read/')).text).toBe('true');
    });
    client.cookies.clear();
    await client.get('/token/');
    await client.get('/session/');
    expect([...client.cookies.keys()].sort()).toEqual(['csrftoken', 'sessionid']);
  });

  test('DEBUG: error pages follow the overriding value', async () => {
    expect((await client.get('/nowhere/')).text).not.toContain('Using the URLconf');
    await overrideSettings({ DEBUG: true }, async () => {
      expect((await client.get('/nowhere/')).text).toContain('/nowhere/');
      expect((await client.get('/nowhere/')).text).toMatch(/tried|URLconf/i);
    });
    expect((await client.get('/nowhere/')).status).toBe(404);
  });

  test('ALLOWED_HOSTS: the overriding list is checked, testserver still allowed', async () => {
    expect((await client.get('/token/', { headers: { host: 'example.com' } })).status).toBe(400);
    await overrideSettings({ ALLOWED_HOSTS: ['example.com'] }, async () => {
      expect((await client.get('/token/', { headers: { host: 'example.com' } })).status).toBe(200);
      expect((await client.get('/token/')).status).toBe(200);
    });
    expect((await client.get('/token/', { headers: { host: 'example.com' } })).status).toBe(400);
  });

  test('MIDDLEWARE: a bad overriding entry answers each request with the error, and the chain comes back after', async () => {
    await overrideSettings({ MIDDLEWARE: ['hyperdjango.middleware.nonesuch'] }, async () => {
      expect((await client.get('/token/')).status).toBe(500);
    });
    expect((await client.get('/token/')).status).toBe(200);
  });
});
