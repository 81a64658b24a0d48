// hyperdjango/views: class-based views (View, TemplateView, RedirectView,
// ListView, DetailView) and the Paginator.
export { View, TemplateView, RedirectView, type ViewFunction } from './view';
export { ListView, DetailView } from './list';
export { Paginator, Page, InvalidPage, EmptyPage, PageNotAnInteger, type PageSource } from './paginator';
