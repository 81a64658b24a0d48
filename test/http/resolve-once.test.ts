// A request's path is resolved once: by the server's route table when it can, else by
// the URL resolver on the first read of request.resolverMatch. CSRF, a middleware
// before the view (Django's process_view moment) and the view call share that one
// answer. Over real sockets, on both server adapters.
import { resolveCalls } from './resolve-counter';
import { configure, resetSettings } from '../../src/conf/settings';
import { HttpResponse, JsonResponse, type Middleware, type Request } from '../../src/http';
import { csrfExempt, csrfMiddleware } from '../../src/middleware/csrf';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { path, registerConverter, setUrlconf } from '../../src/urls';

const SECRET = 'abcdefghijklmnopqrstuvwxyzABCDEF';

// What a middleware sees before it calls the view, per path.
const seen = new Map<string, unknown>();
const recordMatch: Middleware = (next) => (request) => {
  const match = request.resolverMatch;
  seen.set(request.path, match && { viewName: match.viewName, urlName: match.urlName, params: match.params, route: match.route });
  return next(request);
};

const echo = (request: Request, params: Record<string, unknown>) => new JsonResponse({ params, same: request.resolverMatch?.params === params });

function urls(label: string) {
  return [
    // Routed by the server's table: int is a converter it knows.
    path('items/<int:id>/', echo, { name: 'item' }),
    path('hook/<int:id>/', csrfExempt(echo), { name: 'hook' }),
    // Left to the URL resolver: a project converter.
    path('archive/<yyyy:year>/', echo, { name: 'archive' }),
    path('label/', () => new HttpResponse(label), { name: 'label' }),
  ];
}

beforeAll(() => {
  registerConverter('yyyy', { regex: '[0-9]{4}', toValue: Number });
});

describe.each(['native', 'node'] as const)('%s adapter', (adapter) => {
  let server: LiveServer;

  beforeAll(async () => {
    configure({ DEBUG: false, SECRET_KEY: 'resolve-once-'.padEnd(50, 'x'), ALLOWED_HOSTS: ['127.0.0.1'], ROOT_URLCONF: 'urls' });
    setUrlconf(urls('first'));
    server = await startLiveServer({ adapter, log: () => undefined, middleware: [csrfMiddleware, recordMatch] });
  });

  afterAll(async () => {
    await server.close();
    setUrlconf(null);
    resetSettings();
  });

  beforeEach(() => {
    resolveCalls.length = 0;
    seen.clear();
  });

  const send = async (method: string, target: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}${target}`, { method, headers: { cookie: `csrftoken=${SECRET}`, 'x-csrftoken': SECRET, ...headers } });
    return { status: response.status, text: await response.text() };
  };

  test('a CSRF-checked POST the server routed is not resolved again', async () => {
    const response = await send('POST', '/items/42/');
    expect(response).toEqual({ status: 200, text: '{"params":{"id":42},"same":true}' });
    expect(resolveCalls).toEqual([]);
  });

  test('a CSRF-checked POST left to the resolver is resolved once, for CSRF, the middleware and the view', async () => {
    const response = await send('POST', '/archive/2024/');
    expect(response).toEqual({ status: 200, text: '{"params":{"year":2024},"same":true}' });
    expect(resolveCalls).toEqual(['/archive/2024/']);
  });

  test('CSRF still refuses a POST without the token, and exempts the exempt view, from the one match', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await send('POST', '/archive/2024/', { 'x-csrftoken': '' })).status).toBe(403);
    } finally {
      stderr.mockRestore();
    }
    expect(await send('POST', '/hook/7/', { cookie: '', 'x-csrftoken': '' })).toEqual({ status: 200, text: '{"params":{"id":7},"same":true}' });
    expect(resolveCalls).toEqual(['/archive/2024/']);
  });

  test("a middleware sees request.resolverMatch before the view: the view's name and params", async () => {
    await send('GET', '/items/42/');
    await send('POST', '/archive/2024/');
    expect(seen.get('/items/42/')).toEqual({ viewName: 'item', urlName: 'item', params: { id: 42 }, route: 'items/<int:id>/' });
    expect(seen.get('/archive/2024/')).toEqual({ viewName: 'archive', urlName: 'archive', params: { year: 2024 }, route: 'archive/<yyyy:year>/' });
  });

  test('no match: request.resolverMatch is null and the 404 is resolved once too', async () => {
    expect((await send('POST', '/nowhere/')).status).toBe(404);
    expect(seen.get('/nowhere/')).toBeNull();
    expect(resolveCalls).toEqual(['/nowhere/']);
  });

  test('a new URLconf on a running server: the stale route table is not trusted, the new patterns answer', async () => {
    expect((await send('GET', '/label/')).text).toBe('first');
    setUrlconf([path('items/<int:id>/', () => new HttpResponse('replaced'), { name: 'replaced' }), ...urls('second')]);
    try {
      expect((await send('GET', '/label/')).text).toBe('second');
      expect(await send('POST', '/items/42/')).toEqual({ status: 200, text: 'replaced' });
      expect(seen.get('/items/42/')).toEqual(expect.objectContaining({ viewName: 'replaced', params: { id: 42 } }));
    } finally {
      setUrlconf(urls('first'));
    }
  });
});
