// The account flows of hyperdjango/auth/urls on a real PostgreSQL database, through
// the test client and over real sockets: the password reset (mail in the outbox,
// link followed, password changed, link dead afterwards, expired, tampered, an
// unknown address answered the same), the password change (old password required,
// validators applied, this session kept, the others logged out) and logout (POST only).
import { PasswordResetTokenGenerator, User, defaultTokenGenerator, uidEncode } from '../../src/contrib/auth';
import { urlpatterns as authUrls } from '../../src/contrib/auth/urls';
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { clearOutbox, outbox } from '../../src/mail';
import { Client, startLiveServer } from '../../src/test-client';
import { resetEngine } from '../../src/template/engine';
import { include, path, setUrlconf } from '../../src/urls';
import { useAuthDatabase } from './support';

useAuthDatabase(
  'postgres',
  {
    ALLOWED_HOSTS: ['testserver', '127.0.0.1'],
    EMAIL_BACKEND: 'locmem',
    DEFAULT_FROM_EMAIL: 'accounts@example.com',
    LOGIN_REDIRECT_URL: '/whoami/',
    AUTH_PASSWORD_VALIDATORS: [{ NAME: 'hyperdjango.auth.MinimumLengthValidator', OPTIONS: { minLength: 10 } }],
    MIDDLEWARE: ['hyperdjango.sessions.middleware', 'hyperdjango.auth.middleware'],
  },
  ['hyperdjango.auth', 'hyperdjango.sessions'],
);

beforeAll(() => {
  resetEngine();
  setUrlconf([
    path('accounts/', include(authUrls)),
    path('whoami/', (request: Request) => new JsonResponse({ user: request.user.isAuthenticated ? request.user.username : null })),
    path('home/', () => new HttpResponse('home')),
  ]);
});
afterAll(() => setUrlconf(null));
beforeEach(async () => {
  clearOutbox();
  await User.objects.createUser({ username: 'ann', email: 'ann@example.com', password: 'old password 1' });
  await User.objects.createUser({ username: 'bob', email: 'bob@example.com', password: 'old password 2' });
});

const client = () => new Client({ log: () => undefined });
const LINK = /^http:\/\/testserver(\/accounts\/reset\/([^/]+)\/([^/]+)\/)$/m;

async function requestReset(c: Client, email = 'ann@example.com'): Promise<string> {
  const res = await c.post('/accounts/password_reset/', { email });
  expect([res.status, res.url]).toEqual([302, '/accounts/password_reset/done/']);
  const [mail] = outbox;
  return LINK.exec(mail.body)![1];
}

it('the reset flow: mail with a link, followed, a new password set, the link dead afterwards', async () => {
  const c = client();
  expect((await c.get('/accounts/password_reset/')).text).toContain('<input type="email" name="email" autocomplete="email" maxlength="254" required id="id_email">');
  const link = await requestReset(c);
  expect(outbox).toHaveLength(1);
  expect([outbox[0].subject, outbox[0].to, outbox[0].fromEmail]).toEqual(['Password reset on testserver', ['ann@example.com'], 'accounts@example.com']);
  expect(outbox[0].body).toContain('Your username, in case you’ve forgotten: ann');
  const ann = await User.objects.get({ username: 'ann' });
  expect(link).toContain(`/reset/${uidEncode(ann.pk)}/`);

  // The token leaves the URL for the session before the form is shown (no Referer leak).
  const follow = await c.get(link);
  const setPassword = `/accounts/reset/${uidEncode(ann.pk)}/set-password/`;
  expect([follow.status, follow.url]).toEqual([302, setPassword]);
  const page = await c.get(setPassword);
  expect(page.status).toBe(200);
  expect(page.text).toContain('name="newPassword1"');
  expect(page.text).toContain('Your password must contain at least 10 characters.');

  const short = await c.post(setPassword, { newPassword1: 'short', newPassword2: 'short' });
  expect(short.text).toContain('This password is too short. It must contain at least 10 characters.');
  const mismatch = await c.post(setPassword, { newPassword1: 'a long new password', newPassword2: 'another long one' });
  expect(mismatch.text).toContain('The two password fields didn’t match.');

  const done = await c.post(setPassword, { newPassword1: 'a long new password', newPassword2: 'a long new password' });
  expect([done.status, done.url]).toEqual([302, '/accounts/reset/done/']);
  expect((await c.get('/accounts/reset/done/')).text).toContain('Your password has been set.');
  expect(await (await User.objects.get({ username: 'ann' })).checkPassword('a long new password')).toBe(true);

  // One use: the link and the set-password page are dead now.
  for (const dead of [await c.get(link), await c.get(setPassword), await client().get(link)]) {
    expect(dead.status).toBe(200);
    expect(dead.text).toContain('The password reset link was invalid');
    expect(dead.text).not.toContain('newPassword1');
  }
  expect(await c.login({ username: 'ann', password: 'a long new password' })).toBe(true);
});

it('an unknown address, an inactive user and a user without a usable password get the same answer and no mail', async () => {
  await User.objects.createUser({ username: 'off', email: 'off@example.com', password: 'whatever 123', isActive: false });
  const nopass = await User.objects.createUser({ username: 'nopass', email: 'nopass@example.com' });
  expect(nopass.hasUsablePassword()).toBe(false);
  const known = await client().post('/accounts/password_reset/', { email: 'ANN@example.com' });
  expect(outbox).toHaveLength(1);
  clearOutbox();
  for (const email of ['nobody@example.com', 'off@example.com', 'nopass@example.com']) {
    const res = await client().post('/accounts/password_reset/', { email });
    expect([res.status, res.url, res.text]).toEqual([known.status, known.url, known.text]);
  }
  expect(outbox).toHaveLength(0);
  const done = await client().get('/accounts/password_reset/done/');
  expect(done.text).toContain('if an account exists with the email you entered');
});

it('a tampered token or uid, an expired link and a link made before the last login are refused', async () => {
  const ann = await User.objects.get({ username: 'ann' });
  const bob = await User.objects.get({ username: 'bob' });
  const token = defaultTokenGenerator.makeToken(ann);
  const flipped = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
  class Past extends PasswordResetTokenGenerator {
    override now() {
      return Date.now() - (259200 + 60) * 1000;
    }
  }
  const expired = new Past().makeToken(ann);
  const attempts = [
    `/accounts/reset/${uidEncode(ann.pk)}/${flipped}/`,
    `/accounts/reset/${uidEncode(bob.pk)}/${token}/`,
    `/accounts/reset/${uidEncode('999999')}/${token}/`,
    `/accounts/reset/not-base64!/${token}/`,
    `/accounts/reset/${uidEncode('abc')}/${token}/`,
    `/accounts/reset/${uidEncode('99999999999')}/${token}/`,
    `/accounts/reset/${uidEncode(ann.pk)}/${expired}/`,
    `/accounts/reset/${uidEncode(ann.pk)}/set-password/`,
  ];
  for (const url of attempts) {
    const res = await client().get(url);
    expect([url, res.status]).toEqual([url, 200]);
    expect(res.text).toContain('The password reset link was invalid');
  }
  expect(defaultTokenGenerator.checkToken(ann, token)).toBe(true);
  class Recent extends PasswordResetTokenGenerator {
    override now() {
      return Date.now() - (259200 - 60) * 1000;
    }
  }
  // Just inside PASSWORD_RESET_TIMEOUT: still good; the expired one above only for its age.
  expect(defaultTokenGenerator.checkToken(ann, new Recent().makeToken(ann))).toBe(true);
  expect(new Past().checkToken(ann, expired)).toBe(true);
  // Logging in changes lastLogin, which the token covers.
  expect(await client().login({ username: 'ann', password: 'old password 1' })).toBe(true);
  expect(defaultTokenGenerator.checkToken(await User.objects.get({ username: 'ann' }), token)).toBe(false);
});

it('password change: login required, the old password checked, validators applied, this session kept and the others logged out', async () => {
  const anonymous = await client().get('/accounts/password_change/');
  expect([anonymous.status, anonymous.url]).toEqual([302, '/accounts/login/?next=/accounts/password_change/']);
  const c = client();
  const other = client();
  await c.login({ username: 'ann', password: 'old password 1' });
  await other.login({ username: 'ann', password: 'old password 1' });
  const wrong = await c.post('/accounts/password_change/', { oldPassword: 'nope', newPassword1: 'a long new password', newPassword2: 'a long new password' });
  expect(wrong.status).toBe(200);
  expect(wrong.text).toContain('Your old password was entered incorrectly. Please enter it again.');
  const short = await c.post('/accounts/password_change/', { oldPassword: 'old password 1', newPassword1: 'short', newPassword2: 'short' });
  expect(short.text).toContain('This password is too short.');
  const ok = await c.post('/accounts/password_change/', { oldPassword: 'old password 1', newPassword1: 'a long new password', newPassword2: 'a long new password' });
  expect([ok.status, ok.url]).toEqual([302, '/accounts/password_change/done/']);
  expect((await c.get('/accounts/password_change/done/')).text).toContain('Your password was changed.');
  expect((await c.get('/whoami/')).json()).toEqual({ user: 'ann' });
  expect((await other.get('/whoami/')).json()).toEqual({ user: null });
});

it('logout: GET is refused, POST logs out and shows the page or follows a safe next', async () => {
  const c = client();
  await c.login({ username: 'ann', password: 'old password 1' });
  expect((await c.get('/accounts/logout/')).status).toBe(405);
  expect((await c.get('/whoami/')).json()).toEqual({ user: 'ann' });
  const out = await c.post('/accounts/logout/');
  expect([out.status, out.text.includes('<title>Logged out</title>')]).toEqual([200, true]);
  expect((await c.get('/whoami/')).json()).toEqual({ user: null });
  await c.login({ username: 'ann', password: 'old password 1' });
  const next = await c.post('/accounts/logout/', { next: '/home/' });
  expect([next.status, next.url]).toEqual([302, '/home/']);
  const evil = await c.post('/accounts/logout/', { next: 'https://evil.example/' });
  expect(evil.status).toBe(200);
});

it('the reset flow over real sockets, with cookies and the CSRF middleware, on the native server', async () => {
  const server = await startLiveServer({ log: () => undefined, middleware: ['hyperdjango.sessions.middleware', 'hyperdjango.middleware.csrf', 'hyperdjango.auth.middleware'] });
  const cookies = new Map<string, string>();
  const send = async (method: string, target: string, form?: Record<string, string>) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${server.port}` };
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${server.url}${target}`, { method, headers, body: form && new URLSearchParams(form).toString(), redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (/max-age=0/i.test(line)) cookies.delete(pair.slice(0, eq));
      else cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  };
  // Each form is fetched first, as a browser does, for its CSRF token.
  const token = (html: string) => /name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"/.exec(html)![1];
  try {
    expect((await send('POST', '/accounts/password_reset/', { email: 'bob@example.com' })).status).toBe(403);
    expect(outbox).toHaveLength(0);
    const ask = await send('GET', '/accounts/password_reset/');
    expect((await send('POST', '/accounts/password_reset/', { email: 'bob@example.com', csrfmiddlewaretoken: token(ask.text) })).status).toBe(302);
    const link = new RegExp(`^http://127\\.0\\.0\\.1:${server.port}(/accounts/reset/\\S+/)$`, 'm').exec(outbox[0].body)![1];
    const follow = await send('GET', link);
    expect(follow.status).toBe(302);
    const form = await send('GET', follow.location!);
    expect(form.text).toContain('name="newPassword2"');
    const done = await send('POST', follow.location!, { newPassword1: 'bob new password', newPassword2: 'bob new password', csrfmiddlewaretoken: token(form.text) });
    expect([done.status, done.location]).toEqual([302, '/accounts/reset/done/']);
    expect((await send('GET', link)).text).toContain('The password reset link was invalid');
    const loginPage = await send('GET', '/accounts/login/');
    const login = await send('POST', '/accounts/login/', { username: 'bob', password: 'bob new password', csrfmiddlewaretoken: token(loginPage.text) });
    expect([login.status, login.location]).toEqual([302, '/whoami/']);
    expect(JSON.parse((await send('GET', '/whoami/')).text)).toEqual({ user: 'bob' });
    // Logging out is a POST with the token too; a GET is refused.
    expect((await send('GET', '/accounts/logout/')).status).toBe(405);
    const page = await send('GET', '/accounts/password_reset/');
    expect((await send('POST', '/accounts/logout/', { csrfmiddlewaretoken: token(page.text) })).status).toBe(200);
    expect(JSON.parse((await send('GET', '/whoami/')).text)).toEqual({ user: null });
  } finally {
    await server.close();
  }
});
