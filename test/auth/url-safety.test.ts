// ?next= URLs: relative paths and allowed hosts pass; other hosts, other schemes and
// the tricks browsers read as another host do not.
import { urlHasAllowedHostAndScheme } from '../../src/contrib/auth';

const hosts = ['testserver', 'example.com'];

it('allows relative URLs and allowed hosts over http(s)', () => {
  for (const url of ['/accounts/', '/view/?param=http://example.com', 'view/', 'https://testserver/', 'HTTPS://testserver/', '//testserver/', 'http://example.com/x', '/url%20with%20spaces/']) {
    expect([url, urlHasAllowedHostAndScheme(url, hosts)]).toEqual([url, true]);
  }
});

it('refuses other hosts, schemes without a host, and browser tricks', () => {
  for (const url of [
    'http://evil.com', '//evil.com', '///evil.com', 'https://evil.com/', 'ftp://testserver/', 'javascript:alert("x")', 'mailto:a@b.c',
    '\\\\evil.com', '\\/evil.com', '/\\evil.com', 'http:\\\\evil.com', '\x08//evil.com', '/\t/evil.com', ' ', '', 'http://testserver@evil.com',
  ]) {
    expect([url, urlHasAllowedHostAndScheme(url, hosts)]).toEqual([url, false]);
  }
  expect(urlHasAllowedHostAndScheme(null, hosts)).toBe(false);
});

it('requires https when asked', () => {
  expect(urlHasAllowedHostAndScheme('http://testserver/', hosts, true)).toBe(false);
  expect(urlHasAllowedHostAndScheme('https://testserver/', hosts, true)).toBe(true);
  expect(urlHasAllowedHostAndScheme('/relative/', 'testserver', true)).toBe(true);
});
