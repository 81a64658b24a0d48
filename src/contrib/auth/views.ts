// The account views, as Django 5's: LogoutView (POST only), PasswordChangeView and
// its Done page, and the reset flow: PasswordResetView (ask for an address, mail a
// link), Done, PasswordResetConfirmView (follow the link, set a new password) and
// Complete. Templates under registration/, the framework's own unless the project
// has one of the same name.
import { settings } from '../../conf/settings';
import type { BaseForm, FormOptions } from '../../forms/form';
import type { Request } from '../../http/request';
import { HttpResponseRedirect, type BaseResponse } from '../../http/response';
import { render } from '../../shortcuts';
import { FormView } from '../../views/edit';
import { TemplateView } from '../../views/view';
import type { AbstractBaseUser } from './base-user';
import { getUserModel } from './get-user-model';
import { login, logout, updateSessionAuthHash } from './login';
import { LoginRequiredMixin } from './mixins';
import { passwordResetRate, throttleAuthPost } from './throttle';
import { PasswordChangeForm, PasswordResetForm, SetPasswordForm } from './password-forms';
import { defaultTokenGenerator, uidDecode, type PasswordResetTokenGenerator } from './tokens';
import { resolveUrl, urlHasAllowedHostAndScheme } from './url-safety';

type Params = Record<string, unknown>;
type FormClass = typeof FormView.prototype.formClass;

/** Where the reset token waits between following the link and posting the new password. */
export const INTERNAL_RESET_SESSION_TOKEN = '_password_reset_token';

/** Logs out on POST (a GET link could be followed by any page), then redirects or shows registration/logged_out.html. */
export class LogoutView extends TemplateView {
  static override httpMethodNames: readonly string[] = ['post', 'options'];
  override templateName = 'registration/logged_out.html';
  /** Where to go after logging out; null: ?next= when safe, else LOGOUT_REDIRECT_URL, else the page. */
  nextPage: string | null = null;
  redirectFieldName = 'next';
  successUrlAllowedHosts: string[] = [];

  async post(request: Request, params: Params): Promise<BaseResponse> {
    await logout(request);
    const next = await this.getSuccessUrl();
    if (next && next !== request.path) return new HttpResponseRedirect(next);
    return render(request, this.getTemplateNames(), { ...(await this.getContextData(params)), title: 'Logged out' });
  }

  async getSuccessUrl(): Promise<string> {
    const posted = (await this.request.form()).get(this.redirectFieldName) ?? this.request.query.get(this.redirectFieldName) ?? '';
    if (posted && urlHasAllowedHostAndScheme(posted, [this.request.getHost(), ...this.successUrlAllowedHosts], this.request.isSecure())) return posted;
    const fallback = this.nextPage ?? (settings.LOGOUT_REDIRECT_URL);
    return fallback ? resolveUrl(fallback) : '';
  }
}

export class PasswordChangeView extends LoginRequiredMixin(FormView) {
  override templateName = 'registration/password_change_form.html';
  override formClass: FormClass = PasswordChangeForm as unknown as FormClass;
  override successUrl: string | null = 'password_change_done';
  override extraContext: Record<string, unknown> = { title: 'Password change' };

  override async getFormKwargs(): Promise<FormOptions & Record<string, unknown>> {
    return { ...(await super.getFormKwargs()), user: this.request.user };
  }

  /** Saves the new password and keeps this session logged in (the user's other sessions are logged out). */
  override async formValid(f: BaseForm): Promise<BaseResponse> {
    const user = await (f as PasswordChangeForm).save();
    await updateSessionAuthHash(this.request, user as unknown as Parameters<typeof updateSessionAuthHash>[1]);
    return super.formValid(f);
  }
}

export class PasswordChangeDoneView extends LoginRequiredMixin(TemplateView) {
  override templateName = 'registration/password_change_done.html';
  override extraContext: Record<string, unknown> = { title: 'Password change successful' };
}

export class PasswordResetView extends FormView {
  override templateName = 'registration/password_reset_form.html';
  override formClass: FormClass = PasswordResetForm as unknown as FormClass;
  override successUrl: string | null = 'password_reset_done';
  override extraContext: Record<string, unknown> = { title: 'Password reset' };
  emailTemplateName = 'registration/password_reset_email.html';
  subjectTemplateName = 'registration/password_reset_subject.txt';
  htmlEmailTemplateName: string | null = null;
  extraEmailContext: Record<string, unknown> = {};
  fromEmail: string | null = null;
  tokenGenerator: PasswordResetTokenGenerator = defaultTokenGenerator;
  domainOverride: string | null = null;
  /** Posts allowed per client address and email, as '5/m'; null: no limit; undefined: RATELIMIT_PASSWORD_RESET. */
  throttleRate: string | null | undefined = undefined;

  override async dispatch(request: Request, params: Params): Promise<BaseResponse> {
    await throttleAuthPost(request, 'auth.password_reset', passwordResetRate(this.throttleRate), 'email');
    return super.dispatch(request, params);
  }

  /** Mails the address's users (if any) and goes to the Done page either way: the answer does not say whether the address is known. */
  override async formValid(f: BaseForm): Promise<BaseResponse> {
    await (f as PasswordResetForm).save({
      request: this.request,
      useHttps: this.request.isSecure(),
      tokenGenerator: this.tokenGenerator,
      fromEmail: this.fromEmail,
      emailTemplateName: this.emailTemplateName,
      subjectTemplateName: this.subjectTemplateName,
      htmlEmailTemplateName: this.htmlEmailTemplateName,
      extraEmailContext: this.extraEmailContext,
      domainOverride: this.domainOverride,
    });
    return super.formValid(f);
  }
}

export class PasswordResetDoneView extends TemplateView {
  override templateName = 'registration/password_reset_done.html';
  override extraContext: Record<string, unknown> = { title: 'Password reset sent' };
}

export class PasswordResetConfirmView extends FormView {
  override templateName = 'registration/password_reset_confirm.html';
  override formClass: FormClass = SetPasswordForm as unknown as FormClass;
  override successUrl: string | null = 'password_reset_complete';
  /** Log the user in once the password is set. */
  postResetLogin = false;
  postResetLoginBackend: string | null = null;
  /** What replaces the token in the URL once it is in the session, so that it does not leak in a Referer. */
  resetUrlToken = 'set-password';
  tokenGenerator: PasswordResetTokenGenerator = defaultTokenGenerator;
  user: AbstractBaseUser | null = null;
  validlink = false;

  override async dispatch(request: Request, params: Params): Promise<BaseResponse> {
    this.request = request;
    this.params = params;
    this.validlink = false;
    this.user = await this.getUser(String(params.uidb64 ?? ''));
    const session = request.session as { get(key: string): unknown; set(key: string, value: unknown): void } | undefined;
    if (this.user && session) {
      const token = String(params.token ?? '');
      if (token === this.resetUrlToken) {
        if (this.tokenGenerator.checkToken(this.user, session.get(INTERNAL_RESET_SESSION_TOKEN) as string | undefined)) {
          this.validlink = true;
          return super.dispatch(request, params);
        }
      } else if (this.tokenGenerator.checkToken(this.user, token)) {
        session.set(INTERNAL_RESET_SESSION_TOKEN, token);
        const at = request.path.lastIndexOf(token);
        return new HttpResponseRedirect(request.path.slice(0, at) + this.resetUrlToken + request.path.slice(at + token.length));
      }
    }
    // A dead, tampered or expired link: the page says so and offers no form.
    return render(request, this.getTemplateNames(), { ...params, ...this.extraContext, view: this, validlink: false, form: null, title: 'Password reset unsuccessful' });
  }

  /** The user a uid names, or null (not base64, no such user). */
  async getUser(uidb64: string): Promise<AbstractBaseUser | null> {
    const pk = uidDecode(uidb64);
    if (pk === null) return null;
    const model = getUserModel() as unknown as { _meta: { pk: { clean(value: unknown): unknown } }; objects: { filter(conditions: Record<string, unknown>): { first(): Promise<AbstractBaseUser | null> } } };
    let key: unknown;
    try {
      // Converted and range-checked before querying: 'abc' or 2^40 for an integer key names nobody, and must not become a failed query.
      key = model._meta.pk.clean(pk);
    } catch {
      return null;
    }
    return model.objects.filter({ pk: key }).first();
  }

  override async getFormKwargs(): Promise<FormOptions & Record<string, unknown>> {
    return { ...(await super.getFormKwargs()), user: this.user };
  }

  override async getContextData(params: Params, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return super.getContextData(params, { validlink: true, title: 'Enter new password', ...extra });
  }

  override async formValid(f: BaseForm): Promise<BaseResponse> {
    const user = await (f as SetPasswordForm).save();
    (this.request.session as { delete(key: string): boolean }).delete(INTERNAL_RESET_SESSION_TOKEN);
    if (this.postResetLogin) await login(this.request, user as unknown as Parameters<typeof login>[1], this.postResetLoginBackend ?? undefined);
    return super.formValid(f);
  }
}

export class PasswordResetCompleteView extends TemplateView {
  override templateName = 'registration/password_reset_complete.html';

  override async getContextData(params: Params): Promise<Record<string, unknown>> {
    return { ...(await super.getContextData(params)), title: 'Password reset complete', login_url: resolveUrl(String(settings.LOGIN_URL)) };
  }
}

