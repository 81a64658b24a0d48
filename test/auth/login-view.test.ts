// LoginView and AuthenticationForm through the test client on a real PostgreSQL
// database: the form page, a wrong password as a form error, an inactive user, the
// login itself (a new session), and ?next= followed only when it is safe.
import { AuthenticationForm, LoginView, User } from '../../src/contrib/auth';
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { Client } from '../../src/test-client';
import { resetEngine } from '../../src/template/engine';
import { path, setUrlconf } from '../../src/urls';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';
import { useAuthDatabase } from './support';

const root = makeSuiteTempDir('hyper-login-view-');
writeFiles(root, { 'templates/registration/login.html': '<form method="post">{{ csrf_input }}{{ form }}<input type="hidden" name="next" value="{{ next }}"></form>' });

useAuthDatabase(
  'postgres',
  {
    ALLOWED_HOSTS: ['testserver'],
    BASE_DIR: root,
    TEMPLATES: [{ DIRS: ['templates'] }],
    LOGIN_REDIRECT_URL: '/home/',
    MIDDLEWARE: ['hyperdjango.sessions.middleware', 'hyperdjango.auth.middleware'],
  },
  ['hyperdjango.auth', 'hyperdjango.sessions'],
);

beforeAll(() => {
  resetEngine();
  setUrlconf([
    path('login/', LoginView.asView()),
    path('again/', LoginView.asView({ redirectAuthenticatedUser: true })),
    path('home/', () => new HttpResponse('home')),
    path('whoami/', (request: Request) => new JsonResponse({ user: request.user.isAuthenticated ? request.user.username : null })),
  ]);
});
afterAll(() => setUrlconf(null));
beforeEach(async () => {
  await User.objects.createUser({ username: 'ann', password: 'correct horse' });
  await User.objects.createUser({ username: 'off', password: 'correct horse', isActive: false });
});

const client = () => new Client({ log: () => undefined });

it('shows the form, with the username field\'s label and autofocus, and a password input that echoes nothing', async () => {
  const res = await client().get('/login/', { query: { next: '/private/' } });
  expect(res.status).toBe(200);
  expect(res.text).toContain('<label for="id_username">Username:</label>');
  expect(res.text).toContain('<input type="text" name="username" autofocus autocapitalize="none" autocomplete="username" maxlength="150" required id="id_username">');
  expect(res.text).toContain('<input type="password" name="password" autocomplete="current-password" required id="id_password">');
  expect(res.text).toContain('name="next" value="/private/"');
});

it('a wrong password and an inactive user are form errors; nobody is logged in', async () => {
  const c = client();
  for (const [username, password] of [['ann', 'wrong'], ['off', 'correct horse'], ['nobody', 'x']]) {
    const res = await c.post('/login/', { username, password });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<ul class="errorlist nonfield"><li>Please enter a correct username and password. Note that both fields may be case-sensitive.</li></ul>');
    expect(res.text).not.toContain('value="wrong"');
  }
  expect((await c.get('/whoami/')).json()).toEqual({ user: null });
});

it('logs in and follows a safe next, or goes to LOGIN_REDIRECT_URL', async () => {
  const c = client();
  const res = await c.post('/login/', { username: 'ann', password: 'correct horse', next: '/whoami/' });
  expect([res.status, res.url]).toEqual([302, '/whoami/']);
  expect((await c.get('/whoami/')).json()).toEqual({ user: 'ann' });
  const evil = await client().post('/login/', { username: 'ann', password: 'correct horse', next: 'https://evil.example/' });
  expect([evil.status, evil.url]).toEqual([302, '/home/']);
  const again = await c.get('/again/');
  expect([again.status, again.url]).toEqual([302, '/home/']);
});

it('AuthenticationForm refuses an inactive user that a permissive backend returns', async () => {
  const off = await User.objects.get({ username: 'off' });
  const f = new AuthenticationForm();
  expect(() => f.confirmLoginAllowed(off)).toThrow('This account is inactive.');
});
