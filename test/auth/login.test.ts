// authenticate/login/logout through the test client and the middleware on both
// backends: no session fixation, logout flushes, a password change logs other
// sessions out, lastLogin, the decorators and mixins for functions and views.
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { path, setUrlconf } from '../../src/urls';
import { View } from '../../src/views';
import { Client } from '../../src/test-client';
import { connections } from '../../src/db';
import {
  authenticate,
  login,
  logout,
  loginRequired,
  LoginRequiredMixin,
  Permission,
  permissionRequired,
  PermissionRequiredMixin,
  updateSessionAuthHash,
  User,
  userLoginFailed,
} from '../../src/contrib/auth';
import { BACKENDS } from '../support/test-databases';
import { useAuthDatabase } from './support';

const whoami = (request: Request) =>
  new JsonResponse({ user: request.user.isAuthenticated ? request.user.username : null, key: request.session.sessionKey });

class PrivateView extends LoginRequiredMixin(View) {
  async get(request: Request) {
    return new HttpResponse(`hello ${request.user.username}`);
  }
}
class StaffOnly extends PermissionRequiredMixin(View) {
  permissionRequired = 'auth.view_user';
  async get() {
    return new HttpResponse('users');
  }
}
class Plain extends View {
  async get() {
    return new HttpResponse('plain');
  }
}

const urls = [
  path('whoami/', whoami),
  path('set/', (request: Request) => {
    request.session.set('cart', 'apples');
    return new HttpResponse('set');
  }),
  path('login/', async (request: Request) => {
    const form = await request.form();
    const user = await authenticate(request, { username: form.get('username') ?? '', password: form.get('password') ?? '' });
    if (!user) return new HttpResponse('refused', { status: 401 });
    await login(request, user as User);
    return new JsonResponse({ key: request.session.sessionKey, cart: request.session.get('cart', null) });
  }),
  path('logout/', async (request: Request) => {
    await logout(request);
    return new JsonResponse({ anonymous: request.user.isAnonymous });
  }),
  path('change-password/', async (request: Request) => {
    const user = request.user as User;
    await user.setPassword('brand new pw');
    await user.save();
    await updateSessionAuthHash(request, user);
    return new HttpResponse('changed');
  }),
  path('private/', loginRequired(whoami)),
  path('private-view/', PrivateView.asView()),
  path('wrapped-view/', loginRequired(Plain.asView(), { loginUrl: '/signin/' })),
  path('perm/', permissionRequired('auth.view_user', whoami, { raiseException: true })),
  path('perm-redirect/', permissionRequired(['auth.view_user'], whoami)),
  path('staff/', StaffOnly.asView()),
];

describe.each(BACKENDS)('login and logout on %s', (kind) => {
  useAuthDatabase(kind, {
    ALLOWED_HOSTS: ['testserver'],
    MIDDLEWARE: ['hyperdjango.sessions.middleware', 'hyperdjango.middleware.csrf', 'hyperdjango.auth.middleware'],
  }, ['hyperdjango.auth', 'hyperdjango.sessions']);
  beforeAll(() => setUrlconf(urls));
  afterAll(() => setUrlconf(null));
  beforeEach(async () => {
    await User.objects.createUser({ username: 'ann', password: 'correct horse' });
  });

  const client = () => new Client({ log: () => undefined });

  it('rotates the session key on login (no fixation) and keeps the anonymous data', async () => {
    const c = client();
    await c.get('/set/');
    const before = c.cookies.get('sessionid');
    expect(before).toBeTruthy();
    const res = await c.post('/login/', { username: 'ann', password: 'correct horse' });
    expect(res.status).toBe(200);
    const { key, cart } = res.json<{ key: string; cart: string }>();
    expect(key).not.toBe(before);
    expect(cart).toBe('apples');
    expect(c.cookies.get('sessionid')).toBe(key);
    expect((await c.get('/whoami/')).json()).toEqual({ user: 'ann', key });
    // The old key no longer logs anyone in.
    const attacker = client();
    attacker.cookies.set('sessionid', before!);
    expect((await attacker.get('/whoami/')).json<{ user: string | null }>().user).toBeNull();
  });

  it('refuses wrong passwords, unknown and inactive users, and says so through userLoginFailed', async () => {
    const failed: Array<Record<string, unknown>> = [];
    const off = userLoginFailed.connect(({ credentials }) => void failed.push(credentials));
    try {
      expect((await client().post('/login/', { username: 'ann', password: 'nope' })).status).toBe(401);
      expect((await client().post('/login/', { username: 'bob', password: 'nope' })).status).toBe(401);
      await User.objects.filter({ username: 'ann' }).update({ isActive: false });
      expect((await client().post('/login/', { username: 'ann', password: 'correct horse' })).status).toBe(401);
    } finally {
      off();
    }
    expect(failed).toHaveLength(3);
    expect(JSON.stringify(failed)).not.toContain('nope');
  });

  it('sets lastLogin, and logout flushes the session', async () => {
    const c = client();
    expect(await c.login({ username: 'ann', password: 'correct horse' })).toBe(true);
    expect((await User.objects.get({ username: 'ann' })).lastLogin).toBeInstanceOf(Date);
    const key = c.cookies.get('sessionid')!;
    const res = await c.post('/logout/');
    expect(res.json()).toEqual({ anonymous: true });
    expect(c.cookies.has('sessionid')).toBe(false);
    const replay = client();
    replay.cookies.set('sessionid', key);
    expect((await replay.get('/whoami/')).json<{ user: string | null }>().user).toBeNull();
  });

  it('logs other sessions out when the password changes, and keeps the one that changed it', async () => {
    const laptop = client();
    const phone = client();
    await laptop.login({ username: 'ann', password: 'correct horse' });
    await phone.login({ username: 'ann', password: 'correct horse' });
    expect((await phone.get('/whoami/')).json<{ user: string }>().user).toBe('ann');
    await laptop.get('/change-password/');
    expect((await laptop.get('/whoami/')).json<{ user: string }>().user).toBe('ann');
    expect((await phone.get('/whoami/')).json<{ user: string | null }>().user).toBeNull();
    expect(await phone.login({ username: 'ann', password: 'brand new pw' })).toBe(true);
  });

  it("a login over another user's session starts an empty session", async () => {
    await User.objects.createUser({ username: 'bob', password: 'bob password' });
    const c = client();
    await c.login({ username: 'bob', password: 'bob password' });
    await c.get('/set/');
    const res = await c.post('/login/', { username: 'ann', password: 'correct horse' });
    expect(res.json<{ cart: string | null }>().cart).toBeNull();
    expect((await c.get('/whoami/')).json<{ user: string }>().user).toBe('ann');
  });

  it('test client: login, forceLogin and logout', async () => {
    const c = client();
    await c.logout();
    expect(await c.login({ username: 'ann', password: 'wrong' })).toBe(false);
    expect(c.cookies.has('sessionid')).toBe(false);
    await c.forceLogin(await User.objects.get({ username: 'ann' }));
    expect((await c.get('/whoami/')).json<{ user: string }>().user).toBe('ann');
    await c.logout();
    expect((await c.get('/whoami/')).json<{ user: string | null }>().user).toBeNull();
  });

  it('loginRequired and LoginRequiredMixin redirect anonymous users with ?next=', async () => {
    const c = client();
    for (const [url, target] of [
      ['/private/?a=1', '/accounts/login/?next=/private/%3Fa%3D1'],
      ['/private-view/', '/accounts/login/?next=/private-view/'],
      ['/wrapped-view/', '/signin/?next=/wrapped-view/'],
      ['/perm-redirect/', '/accounts/login/?next=/perm-redirect/'],
    ]) {
      const res = await c.get(url);
      expect([res.status, res.url]).toEqual([302, target]);
    }
    await c.login({ username: 'ann', password: 'correct horse' });
    expect((await c.get('/private/')).status).toBe(200);
    expect((await c.get('/private-view/')).text).toBe('hello ann');
    expect((await c.get('/wrapped-view/')).text).toBe('plain');
  });

  it('permissionRequired and PermissionRequiredMixin: 403 without the permission, the view with it', async () => {
    const c = client();
    expect((await c.get('/perm/')).status).toBe(403);
    expect((await c.get('/staff/')).status).toBe(302);
    await c.login({ username: 'ann', password: 'correct horse' });
    expect((await c.get('/perm/')).status).toBe(403);
    expect((await c.get('/staff/')).status).toBe(403);
    expect((await c.get('/perm-redirect/')).status).toBe(302);
    const ann = await User.objects.get({ username: 'ann' });
    await ann.userPermissions.add(await Permission.objects.get({ codename: 'view_user' }));
    expect((await c.get('/perm/')).status).toBe(200);
    expect((await c.get('/staff/')).text).toBe('users');
  });

  it('request.user is AnonymousUser without a session, and auser() gives the same user', async () => {
    const res = await client().get('/whoami/');
    expect(res.json<{ user: null }>().user).toBeNull();
    expect(typeof res.request.auser).toBe('function');
    expect(await res.request.auser!()).toBe(res.request.user);
  });
});

afterAll(async () => {
  await connections.reset();
});
