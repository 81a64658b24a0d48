// hyperdjango/views: class-based views (View, TemplateView, RedirectView,
// ListView, DetailView), the edit views (FormView, CreateView, UpdateView,
// DeleteView) and the Paginator.
export { View, TemplateView, RedirectView, type ViewFunction } from './view';
export { ListView, DetailView } from './list';
export { FormView, CreateView, UpdateView, DeleteView, ConfirmDeleteForm } from './edit';
export { Paginator, Page, InvalidPage, EmptyPage, PageNotAnInteger, type PageSource } from './paginator';
