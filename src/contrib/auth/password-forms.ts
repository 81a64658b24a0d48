// The password forms, as Django's: SetPasswordForm (a new password twice, checked by
// AUTH_PASSWORD_VALIDATORS), PasswordChangeForm (the old one first), and
// PasswordResetForm (mails a reset link to the active users of an address; says
// nothing about whether there were any).
import { settings } from '../../conf/settings';
import { CharField, EmailField } from '../../forms/fields';
import { form, type FormOptions } from '../../forms/form';
import { ValidationError } from '../../forms/errors';
import { EmailInput, PasswordInput } from '../../forms/widgets/widget';
import type { Request } from '../../http/request';
import { EmailMultiAlternatives } from '../../mail/message';
import { renderToString } from '../../template/engine';
import type { AbstractBaseUser } from './base-user';
import { getUserModel } from './get-user-model';
import { defaultTokenGenerator, uidEncode, type PasswordResetTokenGenerator } from './tokens';
import { passwordValidatorsHelpTexts, validatePassword } from './validators';

const MISMATCH = 'The two password fields didn’t match.';
const newPassword = (label: string, helpText = '') => CharField({ label, strip: false, helpText, widget: new PasswordInput({ attrs: { autocomplete: 'new-password' } }) });

/** The two new passwords must match, then pass the validators (with the user, for the similarity one). */
async function checkNewPassword(f: { cleanedDataOrEmpty(): Record<string, unknown>; user: AbstractBaseUser }): Promise<string> {
  const { newPassword1, newPassword2 } = f.cleanedDataOrEmpty() as { newPassword1?: string; newPassword2: string };
  if (newPassword1 !== undefined && newPassword1 !== newPassword2) throw new ValidationError(MISMATCH, { code: 'HYPER_AUTH_PASSWORD_MISMATCH' });
  await validatePassword(newPassword2, f.user);
  return newPassword2;
}

/** The validators' help under the first new password, read when the form is made (the settings may change). */
function withValidatorHelp(fields: { newPassword1: { options: object } }): void {
  // The field is the form's own copy; its options object is the declaration's, so it is replaced, not changed.
  Object.assign(fields.newPassword1, { options: { ...fields.newPassword1.options, helpText: passwordValidatorsHelpTexts().join(' ') } });
}

async function savePassword(user: AbstractBaseUser, password: string, commit: boolean): Promise<AbstractBaseUser> {
  await user.setPassword(password);
  if (commit) await user.save();
  return user;
}

const SET_FIELDS = {
  newPassword1: newPassword('New password'),
  newPassword2: newPassword('New password confirmation'),
};

/** A new password, typed twice; save() sets it on `user`. */
export class SetPasswordForm extends form(SET_FIELDS) {
  readonly user: AbstractBaseUser;

  constructor(options: FormOptions & { user: AbstractBaseUser }) {
    super(options);
    this.user = options.user;
    withValidatorHelp(this.fields);
  }

  async cleanNewPassword2(): Promise<string> {
    return checkNewPassword(this);
  }

  async save(commit = true): Promise<AbstractBaseUser> {
    return savePassword(this.user, this.cleanedData.newPassword2, commit);
  }
}

/** The old password, then a new one twice. */
export class PasswordChangeForm extends form({
  oldPassword: CharField({ label: 'Old password', strip: false, widget: new PasswordInput({ attrs: { autocomplete: 'current-password', autofocus: true } }) }),
  ...SET_FIELDS,
}) {
  readonly user: AbstractBaseUser;

  constructor(options: FormOptions & { user: AbstractBaseUser }) {
    super(options);
    this.user = options.user;
    withValidatorHelp(this.fields);
  }

  async cleanOldPassword(): Promise<string> {
    const old = this.cleanedData.oldPassword;
    if (!(await this.user.checkPassword(old))) throw new ValidationError('Your old password was entered incorrectly. Please enter it again.', { code: 'HYPER_AUTH_PASSWORD_INCORRECT' });
    return old;
  }

  async cleanNewPassword2(): Promise<string> {
    return checkNewPassword(this);
  }

  async save(commit = true): Promise<AbstractBaseUser> {
    return savePassword(this.user, this.cleanedData.newPassword2, commit);
  }
}

export interface PasswordResetSaveOptions {
  request: Request;
  /** The domain in the link instead of the request's host. */
  domainOverride?: string | null;
  subjectTemplateName?: string;
  emailTemplateName?: string;
  htmlEmailTemplateName?: string | null;
  useHttps?: boolean;
  tokenGenerator?: PasswordResetTokenGenerator;
  fromEmail?: string | null;
  extraEmailContext?: Record<string, unknown>;
}

export class PasswordResetForm extends form({
  email: EmailField({ label: 'Email', maxLength: 254, widget: new EmailInput({ attrs: { autocomplete: 'email' } }) }),
}) {
  /** The active users of the address that have a usable password (a user without one cannot reset it). */
  async getUsers(email: string): Promise<AbstractBaseUser[]> {
    const model = getUserModel() as unknown as { EMAIL_FIELD: string; objects: { filter(conditions: Record<string, unknown>): PromiseLike<AbstractBaseUser[]> } };
    const users = await model.objects.filter({ [`${model.EMAIL_FIELD}__iexact`]: email, isActive: true });
    const wanted = email.normalize('NFKC').toLowerCase();
    // The database's case folding is not Unicode's: compare again, as Django does.
    return users.filter((user) => user.hasUsablePassword() && String((user as unknown as Record<string, unknown>)[model.EMAIL_FIELD] ?? '').normalize('NFKC').toLowerCase() === wanted);
  }

  /** Mails each user of the address a one-use link to PasswordResetConfirmView. */
  async save(options: PasswordResetSaveOptions): Promise<void> {
    const email = this.cleanedData.email;
    const domain = options.domainOverride ?? options.request.getHost();
    const generator = options.tokenGenerator ?? defaultTokenGenerator;
    const model = getUserModel() as unknown as { EMAIL_FIELD: string };
    for (const user of await this.getUsers(email)) {
      const context = {
        email: (user as unknown as Record<string, unknown>)[model.EMAIL_FIELD],
        domain,
        site_name: domain,
        uid: uidEncode(user.pk),
        user,
        token: generator.makeToken(user),
        protocol: (options.useHttps ?? options.request.isSecure()) ? 'https' : 'http',
        ...options.extraEmailContext,
      };
      await this.sendMail(
        options.subjectTemplateName ?? 'registration/password_reset_subject.txt',
        options.emailTemplateName ?? 'registration/password_reset_email.html',
        context,
        options.fromEmail ?? null,
        String(context.email),
        options.htmlEmailTemplateName ?? null,
      );
    }
  }

  /** Renders and sends one mail; override to send it another way (from a task queue, say). */
  async sendMail(subjectTemplateName: string, emailTemplateName: string, context: Record<string, unknown>, fromEmail: string | null, toEmail: string, htmlEmailTemplateName: string | null = null): Promise<void> {
    // One line: a line break in a subject would be refused as a header injection.
    const subject = (await renderToString(subjectTemplateName, context)).replace(/[\r\n]+/g, ' ').trim();
    const body = await renderToString(emailTemplateName, context);
    const mail = new EmailMultiAlternatives({ subject, body, fromEmail: fromEmail || String(settings.DEFAULT_FROM_EMAIL), to: [toEmail] });
    if (htmlEmailTemplateName) mail.attachAlternative(await renderToString(htmlEmailTemplateName, context), 'text/html');
    await mail.send();
  }
}
