// The references collectstatic rewrites: url() and @import in CSS (not in comments),
// sourceMappingURL in CSS and JS, and which URLs are static files at all.
import { findReferences, replaceReferences, resolveReference } from '../../src/static/references';

const urls = (text: string, kind: 'css' | 'js' = 'css') => findReferences(text, kind).map((ref) => ref.url);

test('url() in its three spellings, @import with either quote, source maps', () => {
  const css = `a{background:url("a.png")} b{background:url( 'b.png' )} c{background:url(c.png?v=1#x)}
@import "d.css"; @import 'e.css'; @import url(f.css);
/*# sourceMappingURL=site.css.map */`;
  expect(urls(css)).toEqual(['a.png', 'b.png', 'c.png?v=1#x', 'd.css', 'e.css', 'f.css', 'site.css.map']);
});

test('CSS is case-insensitive: URL() and @IMPORT count', () => {
  expect(urls('a{background:URL(a.png)} @IMPORT "b.css";')).toEqual(['a.png', 'b.css']);
});

test('url() inside a comment is not a reference', () => {
  expect(urls('/* url(old.png) */ a{background:url(new.png)}')).toEqual(['new.png']);
});

test('JS: only a sourceMappingURL comment on its own line', () => {
  expect(urls('const s = "url(x.png)";\n//# sourceMappingURL=app.js.map\n', 'js')).toEqual(['app.js.map']);
  expect(urls('x = "//# sourceMappingURL=no.map"', 'js')).toEqual([]);
});

test('replaceReferences changes only the URL text', () => {
  const css = 'a{background:url("img/a.png")}';
  const refs = findReferences(css, 'css');
  expect(replaceReferences(css, refs, () => 'img/a.123.png')).toBe('a{background:url("img/a.123.png")}');
  expect(replaceReferences(css, refs, () => null)).toBe(css);
});

describe('resolveReference', () => {
  test.each([
    ['../img/bg.png', 'css/site.css', 'img/bg.png', ''],
    ['bg.png?v=2#top', 'css/site.css', 'css/bg.png', '?v=2#top'],
    ['/static/img/bg.png', 'css/site.css', 'img/bg.png', ''],
    ['my%20file.png', 'css/site.css', 'css/my file.png', ''],
    ['../../../etc/passwd', 'css/site.css', '../../etc/passwd', ''],
  ])('%s in %s is %s', (url, from, target, suffix) => {
    expect(resolveReference(url, from, '/static/')).toMatchObject({ target, suffix });
  });

  test.each(['data:image/png;base64,AAA', 'http://cdn.example.com/x.png', 'https://x/y.css', '//cdn/x.png', '#frag', '/media/x.png', '', '{{ url }}'])(
    '%j is not a static file of ours',
    (url) => {
      expect(resolveReference(url, 'css/site.css', '/static/')).toBeNull();
    },
  );

  test('an absolute STATIC_URL on a CDN counts as ours', () => {
    expect(resolveReference('https://cdn.example.com/s/img/a.png', 'css/site.css', 'https://cdn.example.com/s/')).toMatchObject({ target: 'img/a.png' });
  });
});
