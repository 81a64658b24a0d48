// The one setup path: before installFramework() the web layer has empty slots and says
// what to call; after it, MIDDLEWARE names load and DEBUG-off error pages are the
// project's templates. Nothing here imports hyperdjango/shortcuts or the test client,
// which used to fill these slots as a side effect of being imported.
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { ImproperlyConfigured } from '../../src/core/errors';
import { Slot } from '../../src/core/slot';
import { WebHandler } from '../../src/http/handler';
import { HttpResponse } from '../../src/http/response';
import type { Handler } from '../../src/http/types';
import { errorTemplateRenderer } from '../../src/http/error-pages';
import { middlewareLoader } from '../../src/http/middleware-entry';
import { installFramework } from '../../src/management';
import { resetEngine } from '../../src/template/engine';
import { RequestFactory } from '../../src/test-client/request-factory';
import { setUrlconf } from '../../src/urls';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';

const quiet = () => undefined;

async function get(handler: WebHandler, url: string): Promise<HttpResponse> {
  const response = await handler.handle(new RequestFactory().get(url));
  if (!(response instanceof HttpResponse)) throw new Error(`expected an HttpResponse, got ${response.constructor.name}`);
  return response;
}

beforeAll(() => {
  const root = makeSuiteTempDir('hyper-wiring-');
  writeFiles(root, { 'templates/404.html': 'the project 404 for {{ requestPath }}' });
  configure({ DEBUG: false, ALLOWED_HOSTS: ['testserver'], TEMPLATES: [{ DIRS: [path.join(root, 'templates')] }] }, { projectRoot: root });
  resetEngine();
  setUrlconf([]);
});

afterAll(() => {
  setUrlconf(null);
  resetSettings();
});

describe('before installFramework()', () => {
  test('a MIDDLEWARE name is refused with what to call; functions need nothing', () => {
    expect(middlewareLoader.installed).toBe(false);
    expect(() => new WebHandler({ middleware: ['hyperdjango.middleware.security'], log: quiet })).toThrow(
      "The MIDDLEWARE loader is not installed: middleware named by string need hyperdjango/middleware's loader; call setupProject() (hyperdjango/management) or installFramework() first, or give MIDDLEWARE as functions.",
    );
    expect(() => new WebHandler({ middleware: [(next: Handler) => next], log: quiet })).not.toThrow();
  });

  test('error pages are the plain ones', async () => {
    expect(errorTemplateRenderer.installed).toBe(false);
    const response = await get(new WebHandler({ middleware: [], log: quiet }), '/nowhere/');
    expect(response.status).toBe(404);
    expect(response.content.toString()).toContain('<h1>Not Found</h1>');
  });
});

describe('after installFramework()', () => {
  beforeAll(() => installFramework());

  test('MIDDLEWARE names load', async () => {
    const response = await get(new WebHandler({ middleware: ['hyperdjango.middleware.clickjacking'], log: quiet }), '/nowhere/');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  test("error pages are the project's templates", async () => {
    const response = await get(new WebHandler({ middleware: [], log: quiet }), '/a<b/');
    expect(response.status).toBe(404);
    expect(response.content.toString()).toBe('the project 404 for /a&lt;b/');
  });

  test('a second call changes nothing', () => {
    const loader = middlewareLoader.get();
    installFramework();
    expect(middlewareLoader.get()).toBe(loader);
  });
});

describe('Slot', () => {
  test('an empty slot throws ImproperlyConfigured naming what fills it; peek() gives undefined', () => {
    const slot = new Slot<() => string>('The greeting', 'call installGreeting().');
    expect(() => slot.get()).toThrow(new ImproperlyConfigured('The greeting is not installed: call installGreeting().'));
    expect(slot.peek()).toBeUndefined();
    slot.install(() => 'hi');
    expect(slot.get()()).toBe('hi');
    slot.clear();
    expect(slot.installed).toBe(false);
  });
});
