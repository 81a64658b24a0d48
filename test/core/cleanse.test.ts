// cleanse(): what the DEBUG page shows of settings and headers.
import { cleanse, MASK, maskUrlPasswords, SECRET_HEADER } from '../../src/core/cleanse';

test.each([
  ['postgres://u:p@ss@host/db', `postgres://u:${MASK}@host/db`],
  ['postgres://u:plain@host:5432/db?sslmode=require', `postgres://u:${MASK}@host:5432/db?sslmode=require`],
  ['redis://:only-pw@cache:6379/0', `redis://:${MASK}@cache:6379/0`],
  ['primary postgres://a:x@y@h1/d, replica postgres://b:z@h2/d', `primary postgres://a:${MASK}@h1/d, replica postgres://b:${MASK}@h2/d`],
  ['postgres://user@host/db', 'postgres://user@host/db'],
  ['https://example.com/a:b@c', 'https://example.com/a:b@c'],
])('maskUrlPasswords(%s)', (text, masked) => {
  expect(maskUrlPasswords(text)).toBe(masked);
});

test('masks by name at any depth, in objects, arrays and maps; leaves the rest', () => {
  const loop: Record<string, unknown> = { name: 'loop' };
  loop.self = loop;
  const value = {
    plain: 'visible',
    API_TOKEN: 'hidden',
    nested: [{ password: 'hidden', host: 'h' }, new Map<string, unknown>([['privateKey', 'hidden'], ['port', 5432]])],
    url: 'amqp://guest:hidden@mq/',
    hook: function onEvent() {},
    loop,
  };
  expect(cleanse(value)).toEqual({
    plain: 'visible',
    API_TOKEN: MASK,
    nested: [{ password: MASK, host: 'h' }, { privateKey: MASK, port: 5432 }],
    url: `amqp://guest:${MASK}@mq/`,
    hook: '[function onEvent]',
    loop: { name: 'loop', self: '[...]' },
  });
  expect(cleanse('anything', 'SECRET_KEY')).toBe(MASK);
  expect(cleanse('sessionid=abc', 'cookie', SECRET_HEADER)).toBe(MASK);
  expect(cleanse('text/html', 'accept', SECRET_HEADER)).toBe('text/html');
});
