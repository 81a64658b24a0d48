// AbstractUser: Django's full user (username, names, e-mail, staff and active flags,
// date joined) with permissions. User is its concrete, swappable form; a project
// that needs more fields extends it: `class User extends AbstractUser.extend({ bio: TextField({ blank: true }) }) {}`.
import { BooleanField, CharField, DateTimeField, EmailField, ValidationError } from '../../orm';
import { PermissionsMixin } from './permissions-mixin';
import { UserManager } from './user-manager';

/** Letters, digits and @ . + - _ (Django's UnicodeUsernameValidator). */
export function validateUsername(value: string): void {
  if (!/^[\p{L}\p{N}_.@+-]+$/u.test(value)) {
    throw new ValidationError('Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.', { code: 'HYPER_AUTH_INVALID_USERNAME' });
  }
}

export class AbstractUser extends PermissionsMixin.extend(
  {
    username: CharField({
      maxLength: 150,
      unique: true,
      verboseName: 'username',
      helpText: 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.',
      validators: [validateUsername],
    }),
    firstName: CharField({ maxLength: 150, blank: true, verboseName: 'first name' }),
    lastName: CharField({ maxLength: 150, blank: true, verboseName: 'last name' }),
    email: EmailField({ blank: true, verboseName: 'email address' }),
    isStaff: BooleanField({ default: false, verboseName: 'staff status', helpText: 'Designates whether the user can log into the admin site.' }),
    isActive: BooleanField({ default: true, verboseName: 'active', helpText: 'Unselect this instead of deleting accounts.' }),
    dateJoined: DateTimeField({ default: () => new Date(), verboseName: 'date joined' }),
  },
  { abstract: true, verboseName: 'user' },
) {
  static USERNAME_FIELD = 'username';
  static EMAIL_FIELD = 'email';
  static REQUIRED_FIELDS = ['email'];

  getFullName(): string {
    return `${this.firstName} ${this.lastName}`.trim();
  }

  getShortName(): string {
    return this.firstName;
  }

  clean(): void {
    this.email = UserManager.normalizeEmail(this.email);
  }
}
