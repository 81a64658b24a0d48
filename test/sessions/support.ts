// Sessions suites: a database with the sessions table (on either backend) and a
// tiny site whose views read and write request.session.
import { configure, resetSettings } from '../../src/conf/settings';
import { connections, createTables } from '../../src/orm';
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { path, setUrlconf } from '../../src/urls';
import { Session } from '../../src/contrib/sessions';
import { createTestDatabase, type BackendKind, type TestDatabase } from '../support/test-databases';

export const SECRET = 'a-test-secret-key-that-is-long-enough-and-random-0123456789';

let base: Record<string, unknown> = {};

/** The suite's settings plus these (settings are read-only; tests reconfigure). */
export function reconfigure(extra: Record<string, unknown> = {}): void {
  configure({ ...base, ...extra });
}

export function useSessionDatabase(kind: BackendKind, settings: Record<string, unknown> = {}): void {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    resetSettings();
    base = { DATABASES: { default: db.url }, SECRET_KEY: SECRET, ALLOWED_HOSTS: ['testserver'], ...settings };
    reconfigure();
    await createTables([Session]);
    setUrlconf(sessionUrls);
  });
  beforeEach(async () => {
    reconfigure();
    await Session.objects.all().delete();
  });
  afterAll(async () => {
    setUrlconf(null);
    await connections.reset();
    await db.drop();
  });
}

export const sessionUrls = [
  path('set/<str:key>/<str:value>/', (request: Request, { key, value }: { key: string; value: string }) => {
    request.session.set(key, value);
    return new HttpResponse('set');
  }),
  path('get/<str:key>/', (request: Request, { key }: { key: string }) => new JsonResponse({ value: request.session.get(key, null), key: request.session.sessionKey })),
  path('nothing/', () => new HttpResponse('untouched')),
  path('cycle/', async (request: Request) => {
    await request.session.cycleKey();
    return new HttpResponse('cycled');
  }),
  path('flush/', async (request: Request) => {
    await request.session.flush();
    return new HttpResponse('flushed');
  }),
  path('browser/', (request: Request) => {
    request.session.setExpiry(0);
    request.session.set('x', 1);
    return new HttpResponse('browser');
  }),
  path('fail/', (request: Request) => {
    request.session.set('lost', true);
    return new HttpResponse('fail', { status: 500 });
  }),
];

export const MIDDLEWARE = ['hyperdjango.sessions.middleware'];
