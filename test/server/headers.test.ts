// Response headers and status are validated before anything reaches a socket.
import { ResponseError } from '../../src/server/errors';
import { checkStatus, flattenHeaders, headersRecord } from '../../src/server/headers';
import { resolveLimits } from '../../src/server/limits';
import { ServerConfigError } from '../../src/server/errors';

describe('flattenHeaders', () => {
  test('objects, arrays and repeated values flatten in order', () => {
    expect(flattenHeaders({ 'Content-Type': 'text/plain', 'X-N': 5, 'Set-Cookie': ['a=1', 'b=2'], skipped: undefined })).toEqual([
      'Content-Type', 'text/plain', 'X-N', '5', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2',
    ]);
    expect(flattenHeaders([['x-a', '1'], ['x-a', '2']])).toEqual(['x-a', '1', 'x-a', '2']);
  });

  test('framing headers are the server’s and are dropped', () => {
    expect(flattenHeaders({ 'content-length': '9', 'Transfer-Encoding': 'chunked', Connection: 'close', Date: 'x', 'Keep-Alive': 'timeout=1', ok: 'y' })).toEqual(['ok', 'y']);
  });

  test.each([
    [{ 'x-a': 'a\r\nSet-Cookie: evil=1' }],
    [{ 'x-a': 'a\nb' }],
    [{ 'x-a': 'a\u0000b' }],
    [{ 'x-a': 'snow \u2603' }],
    [{ 'bad name': 'v' }],
    [{ 'x-a:': 'v' }],
    [[['x-a', 'v', 'extra']]],
  ])('rejects %j', (input) => {
    expect(() => flattenHeaders(input as never)).toThrow(ResponseError);
  });

  test('tabs and latin1 obs-text are allowed', () => {
    expect(flattenHeaders({ 'x-a': 'a\tcafé' })).toEqual(['x-a', 'a\tcafé']);
  });
});

test('statuses are integers from 200 to 999', () => {
  expect(checkStatus(204)).toBe(204);
  for (const bad of [100, 199, 1000, 200.5, '200', NaN]) expect(() => checkStatus(bad)).toThrow(ResponseError);
});

test('request headers: lower-case names, repeats joined', () => {
  expect(headersRecord(['Host', 'a', 'X-A', '1', 'x-a', '2', 'Cookie', 'c=1', 'cookie', 'd=2'])).toEqual({
    host: 'a', 'x-a': '1, 2', cookie: 'c=1; d=2',
  });
});

test('request header names that Object.prototype has are plain keys', () => {
  const record = headersRecord(['__proto__', 'p', 'Constructor', 'c', 'toString', 't', 'hasOwnProperty', 'h', 'valueOf', 'v1', 'valueof', 'v2']);
  expect(Object.entries(record)).toEqual([['__proto__', 'p'], ['constructor', 'c'], ['tostring', 't'], ['hasownproperty', 'h'], ['valueof', 'v1, v2']]);
  expect(record['__proto__']).toBe('p');
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only its absence is checked
  expect(record.toString).toBeUndefined(); // nothing inherited: the name is unset, not Object's method
  expect(headersRecord(['Host', 'a']).constructor).toBeUndefined();
  expect(Object.getPrototypeOf(Object.getPrototypeOf(record))).toBeNull();
});

test('limits: defaults, overrides and clear errors', () => {
  expect(resolveLimits(undefined).maxHeadBytes).toBe(16 * 1024);
  expect(resolveLimits({ maxBodySize: 5 }).maxBodySize).toBe(5);
  expect(() => resolveLimits({ maxBodySize: -1 })).toThrow(ServerConfigError);
  expect(() => resolveLimits({ maxHeadBytes: 1.5 })).toThrow(/integer/);
  expect(() => resolveLimits({ nope: 1 } as never)).toThrow(/unknown server limit "nope"/);
});
