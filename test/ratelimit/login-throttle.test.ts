// The login and password reset views are throttled by default against guessing: five POSTs
// a minute per client address and username (or email), then 429 with Retry-After, even
// for the right password; other usernames are not locked out; RATELIMIT_LOGIN null, or a
// view's own throttleRate, changes it.
import { LoginView, PasswordResetView, User } from '../../src/contrib/auth';
import { caches } from '../../src/cache';
import { HttpResponse } from '../../src/http';
import { Client, overrideSettings } from '../../src/test-client';
import { resetEngine } from '../../src/template/engine';
import { path, setUrlconf } from '../../src/urls';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';
import { useAuthDatabase } from '../auth/support';

const root = makeSuiteTempDir('hyper-login-throttle-');
writeFiles(root, {
  'templates/registration/login.html': '<form method="post">{{ form }}</form>',
  'templates/registration/password_reset_form.html': '<form method="post">{{ form }}</form>',
});

useAuthDatabase(
  'postgres',
  {
    ALLOWED_HOSTS: ['testserver'],
    BASE_DIR: root,
    TEMPLATES: [{ DIRS: ['templates'] }],
    LOGIN_REDIRECT_URL: '/home/',
    CACHES: { default: { BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: `login-throttle-${process.pid}` } },
    MIDDLEWARE: ['hyperdjango.sessions.middleware', 'hyperdjango.auth.middleware'],
  },
  ['hyperdjango.auth', 'hyperdjango.sessions'],
);

beforeAll(() => {
  resetEngine();
  setUrlconf([
    path('login/', LoginView.asView()),
    path('login-open/', LoginView.asView({ throttleRate: null })),
    path('login-tight/', LoginView.asView({ throttleRate: '1/h' })),
    path('reset/', PasswordResetView.asView()),
    path('reset/done/', () => new HttpResponse('done'), { name: 'password_reset_done' }),
    path('home/', () => new HttpResponse('home')),
  ]);
});
afterAll(() => setUrlconf(null));
beforeEach(async () => {
  await caches.get('default').clear();
  await User.objects.createUser({ username: 'ann', password: 'correct horse' });
});

const client = () => new Client({ log: () => undefined });

it('five guesses a minute per address and username; the sixth is 429, even with the right password', async () => {
  const c = client();
  for (let i = 0; i < 5; i++) expect((await c.post('/login/', { username: 'ann', password: `guess ${i}` })).status).toBe(200);
  const blocked = await c.post('/login/', { username: 'ANN ', password: 'correct horse' });
  expect(blocked.status).toBe(429);
  expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(blocked.headers.get('ratelimit-limit')).toBe('5');
  expect(blocked.text).not.toContain('correct horse');
  // Another username from the same address is not locked out, and GET is not counted.
  expect((await c.post('/login/', { username: 'bob', password: 'x' })).status).toBe(200);
  expect((await c.get('/login/')).status).toBe(200);
});

it('RATELIMIT_LOGIN null turns the throttle off; a view\'s throttleRate wins over the setting', async () => {
  await overrideSettings({ RATELIMIT_LOGIN: null }, async () => {
    for (let i = 0; i < 8; i++) expect((await client().post('/login/', { username: 'ann', password: 'wrong' })).status).toBe(200);
  });
  for (let i = 0; i < 8; i++) expect((await client().post('/login-open/', { username: 'ann', password: 'wrong' })).status).toBe(200);
  expect((await client().post('/login-tight/', { username: 'ann', password: 'correct horse' })).status).toBe(302);
  expect((await client().post('/login-tight/', { username: 'ann', password: 'correct horse' })).status).toBe(429);
});

it('the password reset view: five requests a minute per address and email', async () => {
  const c = client();
  for (let i = 0; i < 5; i++) expect((await c.post('/reset/', { email: 'nobody@example.com' })).status).toBe(302);
  expect((await c.post('/reset/', { email: 'Nobody@example.com' })).status).toBe(429);
  expect((await c.post('/reset/', { email: 'other@example.com' })).status).toBe(302);
});
