// AnonymousUser: request.user when nobody is logged in. It answers the user API
// (no permissions, no groups) so that views and templates need no special case.
import { InvalidArgument } from '../../core/errors';
import { requirePermissionList } from './permission-list';

/** What the methods that need a row or a password throw. */
const unsupported = (what: string) => new InvalidArgument('HYPER_AUTH_ANONYMOUS_USER', `${what} (nobody is logged in); check request.user.isAuthenticated first.`);
export class AnonymousUser {
  readonly id = null;
  readonly pk = null;
  readonly username = '';
  readonly isStaff = false;
  readonly isActive = false;
  readonly isSuperuser = false;

  get isAnonymous(): true {
    return true;
  }

  get isAuthenticated(): false {
    return false;
  }

  toString(): string {
    return 'AnonymousUser';
  }

  getUsername(): string {
    return this.username;
  }

  async getUserPermissions(): Promise<Set<string>> {
    return new Set();
  }

  async getGroupPermissions(): Promise<Set<string>> {
    return new Set();
  }

  async getAllPermissions(): Promise<Set<string>> {
    return new Set();
  }

  async hasPerm(_perm: string, _obj: unknown = null): Promise<boolean> {
    return false;
  }

  async hasPerms(perms: Iterable<string>): Promise<boolean> {
    requirePermissionList(perms);
    return [...perms].length === 0;
  }

  async hasModulePerms(_appLabel: string): Promise<boolean> {
    return false;
  }

  async save(): Promise<never> {
    throw unsupported('Cannot save an AnonymousUser: it has no row');
  }

  async delete(): Promise<never> {
    throw unsupported('Cannot delete an AnonymousUser: it has no row');
  }

  async setPassword(): Promise<never> {
    throw unsupported('AnonymousUser has no password to set');
  }

  async checkPassword(): Promise<never> {
    throw unsupported('AnonymousUser has no password to check');
  }

  equals(other: unknown): boolean {
    return other instanceof AnonymousUser;
  }
}
