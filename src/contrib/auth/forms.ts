// AuthenticationForm and LoginView: the login page as Django's, on the forms layer.
// The form authenticates in clean() (so a wrong password is a form error, shown
// with the form), refuses inactive users, and LoginView logs the user in and goes
// to a safe ?next= or LOGIN_REDIRECT_URL.
import { settings } from '../../conf/settings';
import { CharField } from '../../forms/fields';
import { form, type BaseForm, type FormOptions } from '../../forms/form';
import { ValidationError } from '../../forms/errors';
import { PasswordInput, TextInput } from '../../forms/widgets/widget';
import type { Request } from '../../http/request';
import { HttpResponseRedirect, type BaseResponse } from '../../http/response';
import { FormView } from '../../views/edit';
import type { AbstractBaseUser } from './base-user';
import { getUserModel } from './get-user-model';
import { authenticate, login } from './login';
import { loginRate, throttleAuthPost } from './throttle';
import { resolveUrl, urlHasAllowedHostAndScheme } from './url-safety';

const INVALID_LOGIN = 'Please enter a correct %(username)s and password. Note that both fields may be case-sensitive.';

export class AuthenticationForm extends form({
  username: CharField({ maxLength: 150, widget: new TextInput({ attrs: { autofocus: true, autocapitalize: 'none', autocomplete: 'username' } }) }),
  password: CharField({ strip: false, widget: new PasswordInput({ attrs: { autocomplete: 'current-password' } }) }),
}) {
  readonly request: Request | null;
  private user: AbstractBaseUser | null = null;

  constructor(options: FormOptions & { request?: Request | null } = {}) {
    super(options);
    this.request = options.request ?? null;
    // The label and length of the user model's USERNAME_FIELD, as Django's form.
    const model = getUserModel() as unknown as { USERNAME_FIELD: string; _meta: { findField(name: string): { options: { verboseName?: string; maxLength?: number } } | undefined } };
    const field = model._meta.findField(model.USERNAME_FIELD);
    const verbose = field?.options.verboseName;
    // The field is this form's own copy; its options object is the declaration's, so it is replaced, not changed.
    if (verbose) Object.assign(this.fields.username, { options: { ...this.fields.username.options, label: verbose.charAt(0).toUpperCase() + verbose.slice(1) } });
  }

  override async clean(): Promise<void> {
    const { username, password } = this.cleanedDataOrEmpty() as { username?: string; password?: string };
    if (!username || !password) return;
    const user = await authenticate<AbstractBaseUser>(this.request, { username, password });
    if (!user) {
      const model = getUserModel() as unknown as { USERNAME_FIELD: string };
      throw new ValidationError(INVALID_LOGIN.replace('%(username)s', model.USERNAME_FIELD));
    }
    this.confirmLoginAllowed(user);
    this.user = user;
  }

  /** Refuses an inactive user (ModelBackend already does; a custom backend may not). Override to refuse more. */
  confirmLoginAllowed(user: AbstractBaseUser): void {
    if (user.isActive === false) throw new ValidationError('This account is inactive.');
  }

  /** The authenticated user, once the form is valid. */
  getUser(): AbstractBaseUser | null {
    return this.user;
  }
}

export class LoginView extends FormView {
  override templateName = 'registration/login.html';
  override formClass: typeof FormView.prototype.formClass = AuthenticationForm as unknown as typeof FormView.prototype.formClass;
  /** The query or form field holding where to go after logging in. */
  redirectFieldName = 'next';
  /** Send a user who is already logged in straight on. */
  redirectAuthenticatedUser = false;
  /** Hosts besides the request's that ?next= may point at. */
  successUrlAllowedHosts: string[] = [];
  /** Posts allowed per client address and username, as '5/m'; null: no limit; undefined: RATELIMIT_LOGIN. */
  throttleRate: string | null | undefined = undefined;

  override async dispatch(request: Request, params: Record<string, unknown>): Promise<BaseResponse> {
    await throttleAuthPost(request, 'auth.login', loginRate(this.throttleRate), 'username');
    const user = (request as { user?: { isAuthenticated?: boolean } }).user;
    if (this.redirectAuthenticatedUser && user?.isAuthenticated) return new HttpResponseRedirect(await this.getRedirectUrl() || resolveUrl(String(settings.LOGIN_REDIRECT_URL)));
    return super.dispatch(request, params);
  }

  override async getFormKwargs(): Promise<FormOptions & Record<string, unknown>> {
    return { ...(await super.getFormKwargs()), request: this.request };
  }

  /** ?next= (or the posted next) when it is safe: same host (or an allowed one), same scheme when the request is secure. */
  async getRedirectUrl(): Promise<string> {
    const posted = this.request.method === 'POST' ? (await this.request.form()).get(this.redirectFieldName) : undefined;
    const target = posted ?? this.request.query.get(this.redirectFieldName) ?? '';
    const safe = urlHasAllowedHostAndScheme(target, [this.request.getHost(), ...this.successUrlAllowedHosts], this.request.isSecure());
    return safe ? target : '';
  }

  override getSuccessUrl(): string {
    return resolveUrl(String(settings.LOGIN_REDIRECT_URL));
  }

  override async getContextData(params: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return super.getContextData(params, { [this.redirectFieldName]: await this.getRedirectUrl(), ...extra });
  }

  override async formValid(f: BaseForm): Promise<BaseResponse> {
    const user = (f as AuthenticationForm).getUser();
    await login(this.request, user as unknown as Parameters<typeof login>[1]);
    return new HttpResponseRedirect((await this.getRedirectUrl()) || this.getSuccessUrl());
  }
}
