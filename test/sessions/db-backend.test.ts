// The database backend on PostgreSQL and PGlite: the store API used outside a request,
// and the middleware over the test client (cookies, fixation, flush, expiry).
import { apps } from '../../src/apps/registry';
import { settings } from '../../src/conf/settings';
import { Session, getSessionStore, DatabaseSessionStore } from '../../src/contrib/sessions';
import { Client } from '../../src/test-client';
import { BACKENDS } from '../support/test-databases';
import { MIDDLEWARE, reconfigure, useSessionDatabase } from './support';

const quiet = () => undefined;

describe.each(BACKENDS)('database sessions on %s', (kind) => {
  useSessionDatabase(kind);
  beforeAll(async () => {
    await apps.populate(['hyperdjango.sessions'], process.cwd());
  });
  afterAll(() => apps.reset());

  it('saves, loads and deletes through the store API', async () => {
    const Store = getSessionStore();
    expect(Store).toBe(DatabaseSessionStore);
    const store = new Store();
    expect(store.sessionKey).toBeNull();
    store.set('cart', [1, 2]);
    store.set('user', { id: 7 });
    await store.save();
    expect(store.sessionKey).toMatch(/^[a-z0-9]{32}$/);
    const row = await Session.objects.get({ sessionKey: store.sessionKey });
    expect(row.sessionData).not.toContain('cart'); // compressed and signed, not plain
    const again = new Store(store.sessionKey);
    await again.load();
    expect(again.get('cart')).toEqual([1, 2]);
    expect(again.has('user')).toBe(true);
    expect(again.keys().sort()).toEqual(['cart', 'user']);
    expect(again.delete('cart')).toBe(true);
    expect(again.items()).toEqual([['user', { id: 7 }]]);
    await again.save();
    const third = new Store(store.sessionKey);
    await third.load();
    expect(third.get('cart', 'gone')).toBe('gone');
    expect(await third.exists(store.sessionKey!)).toBe(true);
    await third.deleteRecord();
    expect(await third.exists(store.sessionKey!)).toBe(false);
  });

  it('reading a store that was not loaded is a clear error', async () => {
    const store = new (getSessionStore())('abcdefghijklmnopqrstuvwxyz012345');
    expect(() => store.get('x')).toThrow(/await session.load\(\)/);
  });

  it('treats unknown, expired and tampered sessions as empty and never adopts their key', async () => {
    const Store = getSessionStore();
    const unknown = new Store('attackerchosenkey000000000000000');
    await unknown.load();
    expect(unknown.sessionKey).toBeNull();
    expect(unknown.isEmpty).toBe(true);

    const expired = new Store();
    expired.set('a', 1);
    expired.setExpiry(new Date(Date.now() - 1000));
    await expired.save();
    const reread = new Store(expired.sessionKey);
    await reread.load();
    expect(reread.get('a')).toBeUndefined();
    expect(reread.sessionKey).toBeNull();

    const good = new Store();
    good.set('role', 'user');
    await good.save();
    const row = await Session.objects.get({ sessionKey: good.sessionKey });
    const forged = new Store();
    forged.set('role', 'admin');
    const forgedData = forged.encode({ role: 'admin' });
    await Session.objects.filter({ sessionKey: good.sessionKey }).update({ sessionData: forgedData.slice(0, -2) + 'xx' });
    const writes: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (writes.push(String(chunk)), true));
    const victim = new Store(row.sessionKey);
    await victim.load();
    spy.mockRestore();
    expect(victim.get('role')).toBeUndefined();
    expect(writes.join('')).toMatch(/Session data corrupted/);
  });

  it('cycleKey keeps the data, changes the key and deletes the old row; flush empties everything', async () => {
    const Store = getSessionStore();
    const store = new Store();
    store.set('cart', 3);
    await store.save();
    const before = store.sessionKey!;
    await store.cycleKey();
    expect(store.sessionKey).not.toBe(before);
    expect(store.get('cart')).toBe(3);
    expect(await store.exists(before)).toBe(false);
    const reread = new Store(store.sessionKey);
    await reread.load();
    expect(reread.get('cart')).toBe(3);
    await reread.flush();
    expect(reread.sessionKey).toBeNull();
    expect(reread.isEmpty).toBe(true);
    expect(await Session.objects.count()).toBe(0);
  });

  it('expiry: the cookie age by default, seconds, a date, browser close', async () => {
    const store = new (getSessionStore())();
    expect(store.getExpiryAge()).toBe(settings.SESSION_COOKIE_AGE);
    expect(store.expireAtBrowserClose()).toBe(false);
    store.setExpiry(60);
    expect(store.getExpiryAge()).toBe(60);
    expect(Math.abs(store.getExpiryDate().getTime() - (Date.now() + 60_000))).toBeLessThan(5000);
    const when = new Date(Date.now() + 3600_000);
    store.setExpiry(when);
    expect(store.getExpiryDate().toISOString()).toBe(when.toISOString());
    store.setExpiry(0);
    expect(store.expireAtBrowserClose()).toBe(true);
    store.setExpiry(null);
    expect(store.has('_session_expiry')).toBe(false);
  });

  it('middleware: a cookie only when the session is written, with secure flags; Vary: Cookie when read', async () => {
    const c = new Client({ middleware: MIDDLEWARE, log: quiet });
    const untouched = await c.get('/nothing/');
    expect(untouched.headers.getAll('set-cookie')).toEqual([]);
    expect(untouched.headers.get('vary')).toBeUndefined();
    const set = await c.get('/set/color/blue/');
    const [cookie] = set.headers.getAll('set-cookie');
    expect(cookie).toMatch(/^sessionid=[a-z0-9]{32}; Max-Age=1209600; Expires=.*; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(set.headers.get('vary')).toBe('Cookie');
    const got = await c.get('/get/color/');
    expect(got.json()).toEqual({ value: 'blue', key: c.cookies.get('sessionid') });
    expect(got.headers.getAll('set-cookie')).toEqual([]); // read only: not saved again
    expect(got.headers.get('vary')).toBe('Cookie');
    expect(await Session.objects.count()).toBe(1);
  });

  it('middleware: Secure on HTTPS requests (SECURE_PROXY_SSL_HEADER) even with SESSION_COOKIE_SECURE off', async () => {
    reconfigure({ SECURE_PROXY_SSL_HEADER: ['x-forwarded-proto', 'https'] });
    const c = new Client({ middleware: MIDDLEWARE, log: quiet });
    const plain = await c.get('/set/a/1/');
    expect(plain.headers.getAll('set-cookie')[0]).not.toMatch(/Secure/);
    const secure = await c.get('/set/a/2/', { secure: true });
    expect(secure.headers.getAll('set-cookie')[0]).toMatch(/; Secure; HttpOnly; SameSite=Lax$/);
  });

  it('middleware: session fixation: a key planted before login is not the key afterwards', async () => {
    const attacker = new Client({ middleware: MIDDLEWARE, log: quiet });
    await attacker.get('/set/planted/yes/');
    const planted = attacker.cookies.get('sessionid')!;
    const victim = new Client({ middleware: MIDDLEWARE, log: quiet });
    victim.cookies.set('sessionid', planted);
    expect((await victim.get('/get/planted/')).json()).toEqual({ value: 'yes', key: planted });
    await victim.get('/cycle/');
    const after = victim.cookies.get('sessionid')!;
    expect(after).not.toBe(planted);
    expect((await victim.get('/get/planted/')).json()).toEqual({ value: 'yes', key: after });
    // The planted key no longer opens anything.
    expect((await attacker.get('/get/planted/')).json()).toEqual({ value: null, key: null });
  });

  it('middleware: a made-up cookie is replaced by a server-drawn key', async () => {
    const c = new Client({ middleware: MIDDLEWARE, log: quiet });
    c.cookies.set('sessionid', 'madeupkeymadeupkeymadeupkey00000');
    await c.get('/set/a/1/');
    expect(c.cookies.get('sessionid')).not.toBe('madeupkeymadeupkeymadeupkey00000');
    expect(await Session.objects.filter({ sessionKey: 'madeupkeymadeupkeymadeupkey00000' }).exists()).toBe(false);
  });

  it('middleware: flush deletes the row and the cookie; browser-close sessions have no Max-Age; a 500 saves nothing', async () => {
    const c = new Client({ middleware: MIDDLEWARE, log: quiet });
    await c.get('/set/a/1/');
    const flushed = await c.get('/flush/');
    expect(flushed.headers.getAll('set-cookie')[0]).toMatch(/^sessionid=; Max-Age=0/);
    expect(c.cookies.has('sessionid')).toBe(false);
    expect(await Session.objects.count()).toBe(0);
    const browser = await c.get('/browser/');
    expect(browser.headers.getAll('set-cookie')[0]).not.toMatch(/Max-Age/);
    const fresh = new Client({ middleware: MIDDLEWARE, log: quiet });
    const failed = await fresh.get('/fail/');
    expect(failed.status).toBe(500);
    expect(failed.headers.getAll('set-cookie')).toEqual([]);
  });

  it('middleware: SESSION_SAVE_EVERY_REQUEST renews the cookie on reads', async () => {
    const c = new Client({ middleware: MIDDLEWARE, log: quiet });
    await c.get('/set/a/1/');
    expect((await c.get('/get/a/')).headers.getAll('set-cookie')).toEqual([]);
    reconfigure({ SESSION_SAVE_EVERY_REQUEST: true, SESSION_COOKIE_NAME: 'sid', SESSION_COOKIE_SAMESITE: 'Strict', SESSION_COOKIE_PATH: '/app' });
    const every = new Client({ middleware: MIDDLEWARE, log: quiet });
    await every.get('/set/a/1/');
    const read = await every.get('/get/a/');
    expect(read.json()).toEqual({ value: '1', key: every.cookies.get('sid') });
    expect(read.headers.getAll('set-cookie')[0]).toMatch(/^sid=[a-z0-9]{32}; .*Path=\/app; HttpOnly; SameSite=Strict$/);
  });
});
