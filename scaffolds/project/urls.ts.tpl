// The root URL configuration of {{ project_name }} (ROOT_URLCONF = 'urls'): the routes
// of the site, each mapping a URL pattern to a view, and include()s of apps' urls.ts.
//
//   import { path, include } from 'hyperdjango/urls';
//   import * as blogUrls from './blog/urls';
//   import * as views from './views';
//   export const urlpatterns = [
//     path('', views.home, { name: 'home' }),
//     path('blog/', include(blogUrls)),       // reverse('blog:index')
//   ];
import type { UrlEntry } from 'hyperdjango/urls';

export const urlpatterns: UrlEntry[] = [];
