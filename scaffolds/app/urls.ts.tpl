// The URLs of the {{ app_name }} app, included from the project's urls.ts.
export const appName = '{{ app_name }}';
export const urlpatterns: unknown[] = [];
