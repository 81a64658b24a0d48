// `{% cache timeout name vars %}`: Django's template fragment caching, compiled like the
// other tags. A fragment renders once per name and vary values, stays escaped as it was
// rendered, follows `using=`, expires, and renders uncached when the cache is unreachable.
import { caches } from '../../src/cache';
import { configure, resetSettings } from '../../src/conf/settings';
import { fromString, resetEngine } from '../../src/template/engine';
import { makeTemplateFragmentKey } from '../../src/template/fragment-cache';

let calls = 0;
const count = () => ++calls;
const LOCMEM = (location: string) => ({ BACKEND: 'hyperdjango.cache.LocMemCache', LOCATION: `${location}-${Date.now()}` });

beforeEach(() => {
  calls = 0;
  configure({ CACHES: { default: LOCMEM('fragments'), other: LOCMEM('other') } });
  resetEngine();
});
afterAll(async () => {
  await caches.closeAll();
  resetSettings();
});

test('renders the body once per fragment name and vary values', async () => {
  const template = fromString('{% cache 60 sidebar user %}<b>{{ user }}</b> {{ count() }}{% endcache %}|{{ count() }}');
  expect(await template.render({ user: 'ann', count })).toBe('<b>ann</b> 1|2');
  expect(await template.render({ user: 'ann', count })).toBe('<b>ann</b> 1|3');
  expect(await template.render({ user: 'bob', count })).toBe('<b>bob</b> 4|5');
  expect(await caches.get('default').get(makeTemplateFragmentKey('sidebar', ['ann']))).toBe('<b>ann</b> 1');
});

test('keeps what the body escaped escaped once (the engine autoescapes)', async () => {
  const template = fromString('{% cache 60 "quote" %}{{ text }}{% endcache %}');
  expect(await template.render({ text: '<script>' })).toBe('&lt;script&gt;');
  expect(await template.render({ text: 'changed' })).toBe('&lt;script&gt;');
});

test('expires after the timeout, and goes to the alias named by using=', async () => {
  const template = fromString('{% cache 0.2 clock using="other" %}{{ count() }}{% endcache %}');
  expect(await template.render({ count })).toBe('1');
  expect(await template.render({ count })).toBe('1');
  expect(await caches.get('other').get(makeTemplateFragmentKey('clock'))).toBe('1');
  expect(await caches.get('default').get(makeTemplateFragmentKey('clock'))).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(await template.render({ count })).toBe('2');
});

test('a missing endcache is a template syntax error naming the tag', () => {
  expect(() => fromString('{% cache 60 x %}never closed')).toThrow(/'cache' tag on line 1 was never closed/);
});

test('renders uncached when the cache cannot be reached', async () => {
  configure({ CACHES: { default: { BACKEND: 'hyperdjango.cache.RedisCache', LOCATION: 'redis://127.0.0.1:1/0', OPTIONS: { CONNECT_TIMEOUT: 100 } } } });
  resetEngine();
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const template = fromString('{% cache 60 x %}{{ count() }}{% endcache %}');
    expect(await template.render({ count })).toBe('1');
    expect(await template.render({ count })).toBe('2');
  } finally {
    spy.mockRestore();
  }
});
