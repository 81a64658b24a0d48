// hyperdjango/auth (the app hyperdjango.auth): users, groups and permissions, password
// hashing and validation, authenticate/login/logout with the auth middleware, view
// guards (loginRequired, permissionRequired, the access mixins), the login form and
// view (AuthenticationForm, LoginView), the logout, password change and reset views
// with their forms and tokens (hyperdjango/auth/urls routes them all), and the createsuperuser and changepassword
// commands (in commands/).
export { AbstractBaseUser, type Extended } from './base-user';
export { PermissionsMixin } from './permissions-mixin';
export { AbstractUser, validateUsername } from './abstract-user';
export { User, Group, Permission } from './models';
export { UserManager } from './user-manager';
export { UserManager as BaseUserManager } from './user-manager';
export { AnonymousUser } from './anonymous-user';
export { getUserModel, type UserModel } from './get-user-model';
export { ModelBackend, AllowAllUsersModelBackend, BaseBackend, getBackends, clearPermissionCache, type AuthBackend, type Credentials } from './backends';
export { authenticate, login, logout, getUser, updateSessionAuthHash, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY } from './login';
export { authMiddleware, type RequestUser, type RequestUserModel } from './middleware';
export { loginRequired, permissionRequired, userPassesTest, redirectToLogin, type AccessOptions } from './decorators';
export { AccessMixin, LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin } from './mixins';
export { urlHasAllowedHostAndScheme, resolveUrl } from './url-safety';
export { AuthenticationForm, LoginView } from './forms';
export { SetPasswordForm, PasswordChangeForm, PasswordResetForm, type PasswordResetSaveOptions } from './password-forms';
export { LogoutView, PasswordChangeView, PasswordChangeDoneView, PasswordResetView, PasswordResetDoneView, PasswordResetConfirmView, PasswordResetCompleteView, INTERNAL_RESET_SESSION_TOKEN } from './views';
export { PasswordResetTokenGenerator, defaultTokenGenerator, uidEncode, uidDecode, type TokenUser } from './tokens';
export { userLoggedIn, userLoggedOut, userLoginFailed } from './signals';
export { createPermissions, defaultPermissions, DEFAULT_PERMISSIONS } from './create-permissions';
export * from './hashers';
export {
  validatePassword,
  passwordChanged,
  passwordValidatorsHelpTexts,
  getPasswordValidators,
  MinimumLengthValidator,
  UserAttributeSimilarityValidator,
  CommonPasswordValidator,
  NumericPasswordValidator,
  PasswordValidationError,
  type PasswordValidator,
} from './validators';
