// The root URL configuration of {{ project_name }} (ROOT_URLCONF = 'urls'): the routes
// of the site, each mapping a URL pattern to a view, and include()s of apps' urls.ts.
export const urlpatterns: unknown[] = [];
