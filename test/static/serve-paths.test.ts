// The pure parts of static serving: URL path -> relative file path, and
// Accept-Encoding negotiation.
import { negotiateEncoding } from '../../src/http/accept-encoding';
import { safeRelativePath, staticPrefix, urlPathFor } from '../../src/static/serve/safe-path';
import { cacheControlFor, hashInName } from '../../src/static/serve/static-file';

describe('safeRelativePath', () => {
  test.each([
    ['/static/css/site.css', 'css/site.css'],
    ['/static/a%20b.txt', 'a b.txt'],
    ['/static/caf%C3%A9.css', 'café.css'],
    ['/static/%252e%252e/x', '%2e%2e/x'],
    ['/static/..foo/x..y', '..foo/x..y'],
  ])('%s -> %s', (raw, rel) => {
    expect(safeRelativePath(raw, '/static/')).toEqual({ ok: true, relPath: rel });
  });

  test.each([
    ['/other/x.css', 'outside-prefix'],
    ['/static/../x', 'dot-segment'],
    ['/static/a/./b', 'dot-segment'],
    ['/static/%2e%2e/x', 'dot-segment'],
    ['/static/.%2E/x', 'dot-segment'],
    ['/static/a%2fb', 'encoded-separator'],
    ['/static/a%2Fb', 'encoded-separator'],
    ['/static/a%5cb', 'encoded-separator'],
    ['/static/a\\b', 'backslash'],
    ['/static/a%00', 'nul'],
    ['/static/a\0b', 'nul'],
    ['/static/a%0ab', 'control-char'],
    ['/static//etc/passwd', 'empty-segment'],
    ['/static/', 'empty-segment'],
    ['/static/dir/', 'empty-segment'],
    ['/static/a%zz', 'bad-escape'],
    ['/static/%c0%ae', 'bad-utf8'],
  ])('%s is refused (%s)', (raw, reason) => {
    expect(safeRelativePath(raw, '/static/')).toEqual({ ok: false, reason });
  });

  test('the prefix of STATIC_URL, none for another host; canonical URL paths', () => {
    expect(staticPrefix('/static/')).toBe('/static/');
    expect(staticPrefix('assets')).toBe('/assets/');
    expect(staticPrefix('https://cdn.example.com/static/')).toBeNull();
    expect(staticPrefix('//cdn.example.com/static/')).toBeNull();
    expect(staticPrefix('/')).toBeNull();
    expect(urlPathFor('/static/', 'css/a b.css')).toBe('/static/css/a%20b.css');
  });
});

describe('hashed names', () => {
  test('the 12-hex hash collectstatic puts in names (compressed siblings too) means a year of caching', () => {
    expect(hashInName('css/site.0123456789ab.css')).toBe('0123456789ab');
    expect(hashInName('css/site.0123456789ab.css.br')).toBe('0123456789ab');
    expect(hashInName('LICENSE.0123456789ab')).toBe('0123456789ab');
    expect(hashInName('css/site.css')).toBeNull();
    expect(hashInName('css/site.0123456789AB.css')).toBeNull();
    expect(cacheControlFor('css/site.0123456789ab.css', 60)).toBe('public, max-age=31536000, immutable');
    expect(cacheControlFor('robots.txt', 60)).toBe('public, max-age=60');
    expect(cacheControlFor('robots.txt', 0)).toBe('no-cache');
  });
});

describe('negotiateEncoding', () => {
  const both = { br: true, gzip: true };
  test.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['x-gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip;q=0.9', 'gzip'],
    ['br;q=0.9, gzip;q=0.9', 'br'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['*, br;q=0', 'gzip'],
    ['identity', 'identity'],
    ['deflate', 'identity'],
    ['gzip;q=0.001', 'gzip'],
  ])('%s -> %s', (header, want) => {
    expect(negotiateEncoding(header, both)).toBe(want);
  });

  test('only the variants that exist are chosen', () => {
    expect(negotiateEncoding('br, gzip', { br: false, gzip: true })).toBe('gzip');
    expect(negotiateEncoding('br', { br: false, gzip: true })).toBe('identity');
    expect(negotiateEncoding('br, gzip', { br: false, gzip: false })).toBe('identity');
  });
});
