// Messages over real sockets, on both server adapters, with database sessions on a
// real PostgreSQL server: a message set before a redirect is shown after it, once;
// an overflowing batch goes through the session table and comes back in order.
import { Session } from '../../src/contrib/sessions';
import { MESSAGES_COOKIE } from '../../src/contrib/messages';
import { connections, createTables } from '../../src/orm';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';
import { reconfigure, setupMessages } from './support';

let db: TestDatabase;
setupMessages();
beforeAll(async () => {
  db = await createTestDatabase('postgres');
  reconfigure({ SESSION_ENGINE: 'db', DATABASES: { default: db.url } });
  await createTables([Session]);
});
afterAll(async () => {
  await connections.reset();
  await db.drop();
});

/** fetch with a cookie jar, redirects followed by hand so each hop's cookies are kept. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly server: LiveServer) {}

  async get(target: string): Promise<{ status: number; text: string; location: string | null }> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${this.server.url}${target}`, { headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      if (/max-age=0/i.test(line)) this.cookies.delete(pair.slice(0, eq));
      else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }

  async follow(target: string) {
    const first = await this.get(target);
    return first.location ? this.get(first.location) : first;
  }
}

describe.each(['native', 'node'] as const)('%s adapter', (adapter) => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await startLiveServer({ adapter, log: () => undefined });
  });
  afterAll(async () => server.close());

  test('a message set before a redirect is shown after it, once', async () => {
    const browser = new Browser(server);
    const hop = await browser.get('/add/success/Profile%20saved/');
    expect(hop.status).toBe(302);
    expect(hop.location).toBe('/show/');
    expect(browser.cookies.has(MESSAGES_COOKIE)).toBe(true);
    expect((await browser.get('/show/')).text).toBe('<ul><li class="success">Profile saved</li></ul>');
    expect(browser.cookies.has(MESSAGES_COOKIE)).toBe(false);
    expect((await browser.get('/show/')).text).toBe('none');
  });

  test('a batch too big for the cookie goes through the session table and comes back in order', async () => {
    const browser = new Browser(server);
    const listed = JSON.parse((await browser.follow('/many/80/')).text) as string[];
    expect(listed).toHaveLength(80);
    expect(listed.map((m) => Number(m.split(' ')[2]))).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(await Session.objects.count()).toBeGreaterThan(0);
    expect(JSON.parse((await browser.get('/list/')).text)).toEqual([]);
  });
});
