import { DisallowedRedirect, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict, ResponseHeaders, formatEvent, parseCookies, serializeCookie, toJson } from '../../src/http';

test('headers: case-insensitive, repeated Set-Cookie lines, no CR/LF injection', () => {
  const h = new ResponseHeaders({ 'Content-Type': 'text/plain' });
  expect(h.get('content-type')).toBe('text/plain');
  h.append('Set-Cookie', 'a=1').append('set-cookie', 'b=2');
  expect(h.getAll('SET-COOKIE')).toEqual(['a=1', 'b=2']);
  expect(h.pairs()).toEqual([['Content-Type', 'text/plain'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
  expect(() => h.set('x-a', 'ok\r\nSet-Cookie: evil=1')).toThrow(/CR, LF, NUL/);
  expect(() => h.set('bad name', 'x')).toThrow(/invalid header name/);
});

test('header values the server could not write are refused when set; lines() leave out the framing headers the server writes', () => {
  const h = new ResponseHeaders();
  expect(() => h.set('x-a', 'bell\x07')).toThrow(/control character/);
  expect(() => h.append('x-a', 'price \u20ac5')).toThrow(/beyond Latin-1/);
  h.set('X-Tab', 'a\tb').set('X-Latin', 'caf\u00e9').set('Content-Length', '3').set('Date', 'x').set('Content-Type', 'text/plain');
  expect(h.lines().flat).toEqual(['X-Tab', 'a\tb', 'X-Latin', 'caf\u00e9', 'Content-Type', 'text/plain']);
});

test('Vary: a field is added once, whatever its case, and never beside *', () => {
  const headers = new ResponseHeaders();
  headers.addVary('Cookie').addVary('Accept-Encoding').addVary('cookie');
  expect(headers.get('vary')).toBe('Cookie, Accept-Encoding');
  expect(new ResponseHeaders({ vary: 'X-Accept-Encoding-Hint' }).addVary('Accept-Encoding').get('vary')).toBe('X-Accept-Encoding-Hint, Accept-Encoding');
  expect(new ResponseHeaders({ vary: '*' }).addVary('Origin').get('vary')).toBe('*');
});

test('redirects refuse dangerous schemes and cannot inject headers', () => {
  expect(() => new HttpResponseRedirect('javascript:alert(1)')).toThrow(DisallowedRedirect);
  expect(() => new HttpResponseRedirect(' JaVaScRiPt:alert(1)')).toThrow(DisallowedRedirect);
  expect(() => new HttpResponseRedirect('data:text/html,x')).toThrow(DisallowedRedirect);
  expect(new HttpResponseRedirect('/a b/\r\nx: y').url).toBe('/a%20b/%0D%0Ax:%20y');
  expect(new HttpResponseRedirect('https://example.com/?q=%26').url).toBe('https://example.com/?q=%26');
});

test('cookies: secure defaults, SameSite=None forces Secure, names validated, parsing', () => {
  expect(serializeCookie('s', 'v')).toBe('s=v; Path=/; HttpOnly; SameSite=Lax');
  expect(serializeCookie('s', 'v', { sameSite: 'None', httpOnly: false })).toBe('s=v; Path=/; Secure; SameSite=None');
  expect(serializeCookie('s', 'a;b')).toMatch(/^s=a%3Bb;/);
  expect(() => serializeCookie('a b', 'v')).toThrow(/invalid cookie name/);
  expect(() => serializeCookie('a', 'v', { path: '/;x' })).toThrow(/invalid cookie path/);
  expect(parseCookies('a=1; b="two"; a=3; c=%41')).toEqual({ a: '1', b: 'two', c: 'A' });
  const odd = parseCookies('__proto__=p; constructor=c; toString=t');
  expect(Object.entries(odd)).toEqual([['__proto__', 'p'], ['constructor', 'c'], ['toString', 't']]);
  expect(parseCookies('a=1').constructor).toBeUndefined();
  const res = new HttpResponse('x').setCookie('a', '1').deleteCookie('b');
  expect(res.headers.getAll('set-cookie')[1]).toMatch(/^b=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=\/; HttpOnly; SameSite=Lax$/);
});

test('JSON: dates come out as JSON.stringify writes them, wherever they are, and the data is left as it was', () => {
  // Dates are formatted by the framework (faster than V8's toJSON): every instant must match.
  const instants = [0, -1, 1, 951782400000, 951868799999, 4107542400000, -62167219200000, -62167219200001, 253402300799999, 253402300800000, 8.64e15, -8.64e15];
  for (let i = 0; i < 2000; i++) instants.push(Math.round((Math.random() - 0.5) * 2 * 253402300800000));
  for (const ms of instants) expect(toJson({ d: new Date(ms) })).toBe(JSON.stringify({ d: new Date(ms) }));
  expect(toJson({ bad: new Date(NaN) })).toBe('{"bad":null}');

  class Row {
    constructor(readonly id: number, readonly at: Date) {}
    toJSON(key: string) {
      return { id: this.id, at: this.at, key };
    }
  }
  class Shifted extends Date {
    toISOString() {
      return 'own';
    }
  }
  const at = new Date('2024-05-06T07:08:09.010Z');
  const data = {
    nested: [{ when: at, deep: { list: [at, 1, 'x', null] } }],
    rows: [new Row(1, at)],
    row: new Row(2, at),
    own: { toJSON: () => at },
    shifted: new Shifted(0),
    boxed: [new String('s'), new Number(1)],
    plain: { a: 1, b: [2, 3] },
    ['__proto__']: at,
  };
  Object.defineProperty(data, '__proto__', { value: at, enumerable: true });
  const before = JSON.stringify(data);
  expect(toJson(data)).toBe(before.replace(/</g, '\\u003c'));
  // The caller's objects are not changed (only the containers on a date's path are copied).
  expect(data.nested[0].when).toBe(at);
  expect(JSON.stringify(data)).toBe(before);
  const untouched = { a: [1, { b: 'c' }] };
  expect(toJson(untouched)).toBe(JSON.stringify(untouched));
  // A cycle is still JSON.stringify's error.
  const cycle: Record<string, unknown> = { at };
  cycle.self = cycle;
  expect(() => toJson(cycle)).toThrow(TypeError);
});

test('JSON: safe in HTML, dates, bigints, Maps on the replacer path, promises refused', () => {
  expect(toJson({ s: '</script><!--&\u2028' })).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}');
  expect(toJson({ d: new Date(0), n: 2n ** 70n, m: new Map([['k', 1]]), set: new Set([1]) })).toBe('{"d":"1970-01-01T00:00:00.000Z","n":"1180591620717411303424","m":{"k":1},"set":[1]}');
  expect(() => toJson({ p: Promise.resolve(1), n: 1n })).toThrow(/await it first/);
  expect(new JsonResponse([1, 2]).text).toBe('[1,2]');
  expect(new JsonResponse({}).headers.get('content-type')).toBe('application/json');
});

test('QueryDict: repeated keys, last value wins, plus and percent decoding, field limit', () => {
  const q = QueryDict.parse('a=1&a=2&b=x+y&c=%E2%9C%93&d&e=%zz');
  expect(q.get('a')).toBe('2');
  expect(q.getList('a')).toEqual(['1', '2']);
  expect(q.get('b')).toBe('x y');
  expect(q.get('c')).toBe('✓');
  expect(q.get('d')).toBe('');
  expect(q.get('e')).toBe('%zz');
  expect(q.urlencode()).toBe('a=1&a=2&b=x%20y&c=%E2%9C%93&d=&e=%25zz');
  expect(() => QueryDict.parse('a=1&b=2&c=3', 2)).toThrow(/DATA_UPLOAD_MAX_NUMBER_FIELDS/);
  // ';' separates too; empty fields are skipped and not counted; '=' inside a value stays.
  const mixed = QueryDict.parse('x=1;y=a=b&&;z&=v;');
  expect([...mixed.entries()]).toEqual([['x', '1'], ['y', 'a=b'], ['z', ''], ['', 'v']]);
  expect(QueryDict.parse('&&a=1;;b=2&', 2).size).toBe(2);
});

test('Server-Sent Events framing: multi-line data, no injection through event names', () => {
  expect(formatEvent({ data: 'a\nb', event: 'x\ny', id: '7', retry: 1500 })).toBe('event: x y\nid: 7\nretry: 1500\ndata: a\ndata: b\n\n');
});
