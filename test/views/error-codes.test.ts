// Misused views and paginators fail with catalogue errors and codes of their own
// (docs/errors.md), as Django's ImproperlyConfigured and TypeError would.
import { HyperError, ImproperlyConfigured, InvalidArgument } from '../../src/core/errors';
import { DetailView, EmptyPage, InvalidPage, PageNotAnInteger, Paginator, TemplateView } from '../../src/views';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('no error');
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('no error');
}

test('the paginator: a bad perPage is InvalidArgument; bad page numbers are InvalidPage with a code each', async () => {
  const perPage = caught(() => new Paginator([1, 2, 3], 0));
  expect(perPage).toBeInstanceOf(InvalidArgument);
  expect(perPage).toMatchObject({ code: 'HYPER_PAGINATOR_BAD_PER_PAGE', message: 'new Paginator(list, perPage): perPage must be a positive integer, got 0.' });
  const paginator = new Paginator([1, 2, 3], 2);
  const notInteger = await rejected(paginator.page('two'));
  expect(notInteger).toBeInstanceOf(PageNotAnInteger);
  expect(notInteger).toBeInstanceOf(InvalidPage);
  expect(notInteger).toBeInstanceOf(HyperError);
  expect(notInteger).toMatchObject({ name: 'PageNotAnInteger', code: 'HYPER_PAGE_NOT_AN_INTEGER' });
  expect(await rejected(paginator.page(3))).toMatchObject({ name: 'EmptyPage', code: 'HYPER_PAGE_EMPTY' });
  expect(await rejected(paginator.page(0))).toBeInstanceOf(EmptyPage);
});

test('asView() refuses a method name or an unknown attribute', () => {
  class Page extends TemplateView {
    templateName = 'page.html';
  }
  expect(caught(() => Page.asView({ get: () => undefined } as never))).toMatchObject({ name: 'InvalidArgument', code: 'HYPER_VIEW_BAD_INITKWARG' });
  expect(caught(() => Page.asView({ tempalteName: 'x.html' } as never))).toMatchObject({ code: 'HYPER_VIEW_BAD_INITKWARG' });
});

test('a view missing its template name or queryset is ImproperlyConfigured, with a code per failure', () => {
  class Bare extends TemplateView {}
  const noTemplate = caught(() => new Bare().getTemplateNames());
  expect(noTemplate).toBeInstanceOf(ImproperlyConfigured);
  expect(noTemplate).toMatchObject({ code: 'HYPER_VIEW_NO_TEMPLATE_NAME' });
  class NoQuery extends DetailView {}
  expect(caught(() => new NoQuery().getQueryset())).toMatchObject({ name: 'ImproperlyConfigured', code: 'HYPER_VIEW_NO_QUERYSET' });
  expect(caught(() => new NoQuery().getTemplateNames())).toMatchObject({ code: 'HYPER_VIEW_NO_TEMPLATE_NAME' });
});
