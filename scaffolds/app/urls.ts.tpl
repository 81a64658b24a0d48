// The URLs of the {{ app_name }} app, included from the project's urls.ts:
// path('{{ app_name }}/', include({{ app_name }}Urls)), then reverse('{{ app_name }}:index').
import { path } from 'hyperdjango/urls';
import * as views from './views';

export const appName = '{{ app_name }}';
export const urlpatterns = [path('', views.index, { name: 'index' })];
