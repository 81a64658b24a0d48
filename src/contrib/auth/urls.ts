// hyperdjango/auth/urls: the account views under Django's paths and names, to include
// as a whole: `path('accounts/', include(authUrls))` gives /accounts/login/,
// /accounts/password_reset/ ... and the names 'login', 'password_reset_confirm' ...
import { path } from '../../urls/patterns';
import { LoginView } from './forms';
import { LogoutView, PasswordChangeDoneView, PasswordChangeView, PasswordResetCompleteView, PasswordResetConfirmView, PasswordResetDoneView, PasswordResetView } from './views';

export const urlpatterns = [
  path('login/', LoginView.asView(), { name: 'login' }),
  path('logout/', LogoutView.asView(), { name: 'logout' }),
  path('password_change/', PasswordChangeView.asView(), { name: 'password_change' }),
  path('password_change/done/', PasswordChangeDoneView.asView(), { name: 'password_change_done' }),
  path('password_reset/', PasswordResetView.asView(), { name: 'password_reset' }),
  path('password_reset/done/', PasswordResetDoneView.asView(), { name: 'password_reset_done' }),
  path('reset/<uidb64>/<token>/', PasswordResetConfirmView.asView(), { name: 'password_reset_confirm' }),
  path('reset/done/', PasswordResetCompleteView.asView(), { name: 'password_reset_complete' }),
];

export default urlpatterns;
