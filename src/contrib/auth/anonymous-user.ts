// AnonymousUser: request.user when nobody is logged in. It answers the user API
// (no permissions, no groups) so that views and templates need no special case.
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
    if (typeof perms === 'string') throw new TypeError('hasPerms() takes a list of permissions; use hasPerm() for one.');
    return [...perms].length === 0;
  }

  async hasModulePerms(_appLabel: string): Promise<boolean> {
    return false;
  }

  async save(): Promise<never> {
    throw new TypeError('Cannot save an AnonymousUser: it has no row.');
  }

  async delete(): Promise<never> {
    throw new TypeError('Cannot delete an AnonymousUser: it has no row.');
  }

  async setPassword(): Promise<never> {
    throw new TypeError('AnonymousUser has no password.');
  }

  async checkPassword(): Promise<never> {
    throw new TypeError('AnonymousUser has no password.');
  }

  equals(other: unknown): boolean {
    return other instanceof AnonymousUser;
  }
}
