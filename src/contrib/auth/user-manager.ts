// UserManager: User.objects.createUser({ username, email, password }) and
// createSuperuser(...), which normalize the username and e-mail and hash the
// password; getByNaturalKey(username) for backends and fixtures.
import { InvalidArgument } from '../../core/errors';
import type { Model } from '../../orm/model/model';
import { Manager } from '../../orm/query/manager';
import type { Conditions } from '../../orm/query/row-types';

type UserFields = Record<string, unknown> & { password?: string | null };

interface UserModelStatics {
  USERNAME_FIELD: string;
  EMAIL_FIELD: string;
  normalizeUsername(username: string): string;
}

export class UserManager<U extends Model = Model> extends Manager<U> {
  /** The domain part of an address lower-cased: 'Ann@Example.COM' -> 'Ann@example.com'. */
  static normalizeEmail(email: string | null | undefined): string {
    const text = (email ?? '').trim();
    const at = text.lastIndexOf('@');
    return at < 0 ? text : `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
  }

  normalizeEmail(email: string | null | undefined): string {
    return UserManager.normalizeEmail(email);
  }

  private get statics(): UserModelStatics {
    return this.model as unknown as UserModelStatics;
  }

  /** The user whose USERNAME_FIELD is `username` (DoesNotExist otherwise). */
  getByNaturalKey(username: string): Promise<U> {
    return this.get({ [this.statics.USERNAME_FIELD]: username } as Conditions<U>);
  }

  /** Creates and saves a user; the password is hashed (none or null: an unusable one). */
  async createUser(fields: UserFields, options: { using?: string } = {}): Promise<U> {
    return this.createWithPassword({ isStaff: false, isSuperuser: false, ...fields }, options);
  }

  /** Creates and saves a user with isStaff and isSuperuser set (when the model has them). */
  async createSuperuser(fields: UserFields, options: { using?: string } = {}): Promise<U> {
    const values = { isStaff: true, isSuperuser: true, ...fields };
    for (const flag of ['isStaff', 'isSuperuser'] as const) {
      if (values[flag] !== true) throw new InvalidArgument('HYPER_AUTH_SUPERUSER_FLAGS', `A superuser must have ${flag}: true (got ${String(values[flag])}): leave it out of createSuperuser(), or use createUser().`);
    }
    return this.createWithPassword(values, options);
  }

  private async createWithPassword(fields: UserFields, options: { using?: string }): Promise<U> {
    const { USERNAME_FIELD, EMAIL_FIELD } = this.statics;
    const { password, ...values } = fields;
    const username = values[USERNAME_FIELD];
    if (typeof username !== 'string' || !username) throw new InvalidArgument('HYPER_AUTH_USERNAME_REQUIRED', `The given ${USERNAME_FIELD} must be set.`);
    values[USERNAME_FIELD] = USERNAME_FIELD === EMAIL_FIELD ? this.normalizeEmail(username) : this.statics.normalizeUsername(username);
    if (EMAIL_FIELD !== USERNAME_FIELD && EMAIL_FIELD in values) values[EMAIL_FIELD] = this.normalizeEmail(values[EMAIL_FIELD] as string);
    const meta = (this.model as unknown as { _meta: { findField(name: string): unknown } })._meta;
    // isStaff/isSuperuser only where the model has them (a custom AbstractBaseUser may not).
    for (const name of ['isStaff', 'isSuperuser']) if (!meta.findField(name)) delete values[name];
    const user = new this.model(values) as U & { setPassword(raw: string | null): Promise<void> };
    await user.setPassword(password ?? null);
    await user.save({ using: options.using ?? this.query.props.db ?? undefined });
    return user;
  }
}
