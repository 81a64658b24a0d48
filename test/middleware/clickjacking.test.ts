// X-Frame-Options over real sockets, on both server adapters: DENY by default from
// the clickjacking middleware, X_FRAME_OPTIONS, a view's own header kept, and the
// decorators; plus the deploy checks W002 and W019.
import { loadedSettings, resetSettings } from '../../src/conf/settings';
import { HttpResponse } from '../../src/http';
import { checkXFrameOptions } from '../../src/middleware/checks';
import { xframeOptionsDeny, xframeOptionsExempt, xframeOptionsSameorigin } from '../../src/middleware/clickjacking';
import { startLiveServer, type LiveServer } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';
import { setupWeb } from '../http/support';

const framed = () => new HttpResponse('<p>embed me</p>');
const asyncPage = async () => new HttpResponse('async');

function routes() {
  return [
    path('page/', framed),
    path('async/', asyncPage),
    // The same function, exempt under one URL only.
    path('embed/', xframeOptionsExempt(framed)),
    path('own/', () => new HttpResponse('own', { headers: { 'x-frame-options': 'SAMEORIGIN' } })),
    path('deny/', xframeOptionsDeny(framed)),
    path('same/', xframeOptionsSameorigin(asyncPage)),
  ];
}

async function frameHeader(server: LiveServer, target: string): Promise<string | null> {
  const res = await fetch(`${server.url}${target}`);
  expect(res.status).toBe(200);
  await res.text();
  return res.headers.get('x-frame-options');
}

afterEach(() => {
  setUrlconf(null);
  resetSettings();
});

describe.each(['native', 'node'] as const)('%s adapter', (adapter) => {
  test('DENY by default; exempt only where wrapped; a header the view set is kept', async () => {
    setupWeb();
    setUrlconf(routes());
    const server = await startLiveServer({ adapter, log: () => undefined, middleware: ['hyperdjango.middleware.clickjacking'] });
    try {
      expect(await frameHeader(server, '/page/')).toBe('DENY');
      expect(await frameHeader(server, '/async/')).toBe('DENY');
      expect(await frameHeader(server, '/embed/')).toBeNull();
      expect(await frameHeader(server, '/own/')).toBe('SAMEORIGIN');
      expect(await frameHeader(server, '/deny/')).toBe('DENY');
      expect(await frameHeader(server, '/same/')).toBe('SAMEORIGIN');
    } finally {
      await server.close();
    }
  });

  test('X_FRAME_OPTIONS: SAMEORIGIN is sent; without the middleware only the decorators add a header', async () => {
    setupWeb({ X_FRAME_OPTIONS: 'SAMEORIGIN' });
    setUrlconf(routes());
    const server = await startLiveServer({ adapter, log: () => undefined, middleware: ['hyperdjango.middleware.clickjacking'] });
    try {
      expect(await frameHeader(server, '/page/')).toBe('SAMEORIGIN');
      expect(await frameHeader(server, '/deny/')).toBe('DENY');
    } finally {
      await server.close();
    }
    const bare = await startLiveServer({ adapter, log: () => undefined, middleware: [] });
    try {
      expect(await frameHeader(bare, '/page/')).toBeNull();
      expect(await frameHeader(bare, '/deny/')).toBe('DENY');
    } finally {
      await bare.close();
    }
  });
});

test('the decorators return a new view with the name of the one they wrap (hyper routes shows it)', () => {
  for (const decorate of [xframeOptionsExempt, xframeOptionsDeny, xframeOptionsSameorigin]) {
    const view = decorate(framed);
    expect(view).not.toBe(framed);
    expect(view.name).toBe('framed');
  }
});

test('a 404 page is protected too', async () => {
  setupWeb();
  setUrlconf(routes());
  const server = await startLiveServer({ log: () => undefined, middleware: ['hyperdjango.middleware.clickjacking'] });
  try {
    const res = await fetch(`${server.url}/nowhere/`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  } finally {
    await server.close();
  }
});

test('X_FRAME_OPTIONS accepts DENY or SAMEORIGIN only, with a clear error', () => {
  expect(() => setupWeb({ X_FRAME_OPTIONS: 'ALLOWALL' })).toThrow(/X_FRAME_OPTIONS must be 'DENY' or 'SAMEORIGIN', got 'ALLOWALL'/);
});

test('deploy checks: W002 without the middleware, W019 when it sends SAMEORIGIN', () => {
  const ids = () => checkXFrameOptions({ settings: loadedSettings() as never }).map((m) => m.id);
  setupWeb();
  expect(ids()).toEqual(['security.W002']);
  setupWeb({ MIDDLEWARE: ['hyperdjango.middleware.clickjacking'] });
  expect(ids()).toEqual([]);
  setupWeb({ MIDDLEWARE: ['hyperdjango.middleware.clickjacking'], X_FRAME_OPTIONS: 'SAMEORIGIN' });
  const [w019] = checkXFrameOptions({ settings: loadedSettings() as never });
  expect(w019.id).toBe('security.W019');
  expect(w019.msg).toContain("X_FRAME_OPTIONS is not set to 'DENY'");
});
