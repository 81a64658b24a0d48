// The web layer's misuse errors carry codes of their own (docs/errors.md): a program,
// or a test, can tell a bad cookie name from a bad header value without the message.
import { resetSettings } from '../../src/conf/settings';
import { ImproperlyConfigured, InvalidArgument } from '../../src/core/errors';
import { HttpResponse, serializeCookie } from '../../src/http';
import type { Middleware } from '../../src/http';
import { toJson } from '../../src/http/json';
import { Client } from '../../src/test-client';
import { setUrlconf } from '../../src/urls';
import { setupWeb } from './support';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgument);
    return (error as InvalidArgument).code;
  }
  throw new Error('no error');
}

afterEach(() => {
  setUrlconf(null);
  resetSettings();
});

test('a cookie that cannot be written names what is wrong with a code per failure', () => {
  expect(codeOf(() => serializeCookie('a b', 'v'))).toBe('HYPER_COOKIE_INVALID_NAME');
  expect(codeOf(() => serializeCookie('a', 'v', { maxAge: Number.NaN }))).toBe('HYPER_COOKIE_INVALID_MAX_AGE');
  expect(codeOf(() => serializeCookie('a', 'v', { path: '/;x' }))).toBe('HYPER_COOKIE_INVALID_PATH');
  expect(codeOf(() => serializeCookie('a', 'v', { domain: 'a b' }))).toBe('HYPER_COOKIE_INVALID_DOMAIN');
  expect(() => serializeCookie('a b', 'v')).toThrow(`invalid cookie name "a b": use letters, digits`);
});

test('a header name or value that would break the response', () => {
  const response = new HttpResponse('x');
  expect(codeOf(() => response.headers.set('bad name', 'x'))).toBe('HYPER_HEADER_INVALID_NAME');
  expect(codeOf(() => response.headers.set('x-ok', 'a\r\nSet-Cookie: evil=1'))).toBe('HYPER_HEADER_INVALID_VALUE');
  // Any other control character, and text the server could only write by mangling it (beyond Latin-1), the same way.
  for (const bad of ['a\0b', 'a\x07b', 'a\x7fb', 'caf\u00e9 \u2013 dash', '\u{1F600}']) {
    expect(codeOf(() => response.headers.set('x-ok', bad))).toBe('HYPER_HEADER_INVALID_VALUE');
    expect(codeOf(() => response.headers.append('x-ok', bad))).toBe('HYPER_HEADER_INVALID_VALUE');
  }
  expect(() => response.headers.set('x-ok', 'caf\u00e9\tok')).not.toThrow();
  expect(response.headers.get('x-ok')).toBe('caf\u00e9\tok');
});

test('JSON of an unawaited promise, or of nothing', () => {
  expect(codeOf(() => toJson({ n: 1n, later: Promise.resolve(1) }))).toBe('HYPER_JSON_UNAWAITED');
  expect(codeOf(() => toJson(undefined))).toBe('HYPER_JSON_UNSERIALIZABLE');
});

test('a view that returns no response is a 500 whose error is HYPER_HTTP_NOT_A_RESPONSE', async () => {
  setupWeb();
  const errors: unknown[] = [];
  const response = await new Client({ log: (_level, _message, error) => errors.push(error) }).get('/nothing/');
  expect(response.status).toBe(500);
  expect(errors).toContainEqual(expect.objectContaining({ name: 'InvalidArgument', code: 'HYPER_HTTP_NOT_A_RESPONSE' }));
});

test('a MIDDLEWARE entry that returns no handler is ImproperlyConfigured, naming the entry', () => {
  setupWeb();
  const broken: Middleware = () => undefined as never;
  let error: unknown;
  try {
    new Client({ middleware: [broken] });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ImproperlyConfigured);
  expect(error).toMatchObject({ code: 'HYPER_MIDDLEWARE_NOT_A_HANDLER', message: expect.stringMatching(/^MIDDLEWARE\[0\] \(broken\) returned undefined instead of a handler function/) });
});
