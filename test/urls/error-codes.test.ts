// URL errors carry a code per failure (docs/errors.md): a bad route, a bad
// urlpatterns entry, a reverse() that finds nothing, a path that matches nothing.
import { Http404, HttpResponse } from '../../src/http';
import { NoReverseMatch, path, registerConverter, resolve, reverse, setUrlconf } from '../../src/urls';

const view = () => new HttpResponse('x');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('no error');
}

afterEach(() => setUrlconf(null));

test('a route that does not parse, a view that is not one, a converter that cannot be registered', () => {
  expect(codeOf(() => path('post/<int:id', view))).toBe('HYPER_URL_BAD_ROUTE');
  expect(codeOf(() => path('post/<nope:id>/', view))).toBe('HYPER_URL_BAD_ROUTE');
  expect(codeOf(() => path('post/', 'views.post' as never))).toBe('HYPER_URL_BAD_PATH');
  expect(codeOf(() => registerConverter('int', { regex: '[0-9]+' }))).toBe('HYPER_URL_BAD_CONVERTER');
});

test('reverse() that finds nothing is NoReverseMatch (HYPER_URL_NO_REVERSE_MATCH); resolve() of no pattern is an Http404 (HYPER_URL_NOT_FOUND)', () => {
  setUrlconf([path('post/<int:id>/', view, { name: 'post' })]);
  const error = (() => {
    try {
      reverse('psot');
    } catch (caught) {
      return caught;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(NoReverseMatch);
  expect(error).toMatchObject({ code: 'HYPER_URL_NO_REVERSE_MATCH' });
  expect(codeOf(() => reverse('post', { params: { id: 'x' } }))).toBe('HYPER_URL_NO_REVERSE_MATCH');
  expect(() => resolve('/nowhere/')).toThrow(Http404);
  expect(codeOf(() => resolve('/nowhere/'))).toBe('HYPER_URL_NOT_FOUND');
  setUrlconf([42 as never]);
  expect(codeOf(() => resolve('/post/1/'))).toBe('HYPER_URL_BAD_URLCONF');
});
