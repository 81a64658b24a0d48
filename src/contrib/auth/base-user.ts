// AbstractBaseUser: what every user model has (a password hash, the last login, the
// name of its username field) and the manager that creates users. Custom user models
// extend it (or AbstractUser) and are named by AUTH_USER_MODEL.
import { CharField, DateTimeField, model, type FieldMap, type Instance, type ModelConstructor, type ModelMeta } from '../../orm';
import type { SaveOptions } from '../../orm/model/model';
import { createModelClass } from '../../orm/model/model';
import type { ModelClass } from '../../orm/model/types';
import { checkPassword, isPasswordUsable, makePassword, unusablePassword } from './hashers/passwords';
import { passwordChanged } from './validators';
import { fallbackSessionAuthHashes, sessionAuthHash } from './session-hash';
import { UserManager } from './user-manager';

/** The raw password set since the last save, for the validators' passwordChanged() hook. */
const pendingPasswords = new WeakMap<object, string>();
const managers = new WeakMap<object, UserManager>();

/**
 * A model class extended with fields: the class's own methods and statics stay typed
 * (model().extend() alone types only the fields).
 */
export type Extended<C extends abstract new (...args: never[]) => object, G extends FieldMap> = Omit<C, 'prototype'> & {
  new (values?: Record<string, unknown>): InstanceType<C> & Instance<G>;
  readonly prototype: InstanceType<C> & Instance<G>;
};

const fields = {
  password: CharField({ maxLength: 128, verboseName: 'password' }),
  lastLogin: DateTimeField({ null: true, blank: true, verboseName: 'last login' }),
};
// The declared base without model()'s extend(): AbstractBaseUser declares its own, which keeps methods typed.
const Base = model(fields, { abstract: true }) as unknown as Omit<ModelConstructor<typeof fields>, 'extend'> & {
  new (values?: Record<string, unknown>): Instance<typeof fields>;
  readonly prototype: Instance<typeof fields>;
};

export class AbstractBaseUser extends Base {
  /** The field that identifies a user at login: unique. */
  static USERNAME_FIELD = 'username';
  /** The field holding the e-mail address (password resets, createsuperuser). */
  static EMAIL_FIELD = 'email';
  /** Fields createsuperuser asks for besides the username and the password. */
  static REQUIRED_FIELDS: string[] = [];
  /** The manager class of `objects`; set your own subclass of UserManager to add methods. */
  static managerClass: typeof UserManager = UserManager;

  /** A model without the field isActive counts its users as active (Django's class attribute). */
  declare isActive?: boolean;

  /** A model that extends this one with more fields, keeping the user methods typed. */
  static extend<C extends abstract new (...args: never[]) => object, G extends FieldMap>(this: C, fields: G, meta: ModelMeta = {}): Extended<C, G> {
    return createModelClass(this as unknown as ModelClass, fields, meta) as unknown as Extended<C, G>;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the manager of whichever user class this is, which a static getter cannot name
  static get objects(): UserManager<any> {
    let manager = managers.get(this);
    if (!manager) {
      manager = new this.managerClass(this as unknown as ModelClass);
      managers.set(this, manager);
    }
    return manager;
  }

  /** Always true for a user model instance (AnonymousUser says false): a property, as templates use it. */
  /** Always true (AnonymousUser's is false): `if (request.user.isAuthenticated)` narrows request.user to the user model. */
  get isAuthenticated(): true {
    return true;
  }

  get isAnonymous(): false {
    return false;
  }

  getUsername(): string {
    return String((this as unknown as Record<string, unknown>)[(this.constructor as typeof AbstractBaseUser).USERNAME_FIELD] ?? '');
  }

  /** The user as fixtures refer to it with --natural-foreign: [username]; found again by objects.getByNaturalKey(). */
  naturalKey(): [string] {
    return [this.getUsername()];
  }

  toString(): string {
    return this.getUsername();
  }

  /** Hashes and sets the password (null: unusable); saved by the next save(). */
  async setPassword(raw: string | null): Promise<void> {
    this.password = await makePassword(raw);
    if (raw === null) pendingPasswords.delete(this);
    else pendingPasswords.set(this, raw);
  }

  /**
   * Whether `raw` is the password. A match against a hash made by another hasher or with
   * older parameters stores a fresh hash at once (only the password column is written).
   */
  async checkPassword(raw: string): Promise<boolean> {
    return checkPassword(raw, this.password, async (password) => {
      await this.setPassword(password);
      pendingPasswords.delete(this);
      if (this.pk !== null && this.pk !== undefined) await this.save({ updateFields: ['password'] });
    });
  }

  setUnusablePassword(): void {
    this.password = unusablePassword();
    pendingPasswords.delete(this);
  }

  hasUsablePassword(): boolean {
    return isPasswordUsable(this.password);
  }

  /** An HMAC of the password hash: login stores it in the session, and a password change invalidates it. */
  getSessionAuthHash(): string {
    return sessionAuthHash(this.password);
  }

  getSessionAuthFallbackHashes(): string[] {
    return fallbackSessionAuthHashes(this.password);
  }

  async save(options: SaveOptions = {}): Promise<this> {
    await super.save(options);
    const raw = pendingPasswords.get(this);
    if (raw !== undefined) {
      pendingPasswords.delete(this);
      await passwordChanged(raw, this);
    }
    return this;
  }

  /** NFKC, so that look-alike Unicode names are one name (Django's normalize_username). */
  static normalizeUsername(username: string): string {
    return username.normalize('NFKC');
  }
}

export { UserManager };
