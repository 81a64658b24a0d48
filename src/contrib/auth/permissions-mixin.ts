// PermissionsMixin: superuser status, groups and per-user permissions, and the
// permission methods that ask the AUTHENTICATION_BACKENDS. A class has one base here,
// so it extends AbstractBaseUser (Django's AbstractBaseUser + PermissionsMixin).
import { BooleanField, ManyToManyField, type ManyRelatedManager } from '../../orm';
import { AbstractBaseUser } from './base-user';
import { getBackends } from './backends';
import { Group, Permission } from './permission';
import { requirePermissionList } from './permission-list';

export class PermissionsMixin extends AbstractBaseUser.extend(
  {
    isSuperuser: BooleanField({ default: false, verboseName: 'superuser status', helpText: 'Designates that this user has all permissions without explicitly assigning them.' }),
    groups: ManyToManyField(() => Group, { blank: true, relatedName: 'userSet', relatedQueryName: 'user', verboseName: 'groups' }),
    userPermissions: ManyToManyField(() => Permission, { blank: true, relatedName: 'userSet', relatedQueryName: 'user', verboseName: 'user permissions' }),
  },
  { abstract: true },
) {
  declare groups: ManyRelatedManager<Group>;
  declare userPermissions: ManyRelatedManager<Permission>;

  /** Permissions the user has directly ('app.codename'). */
  async getUserPermissions(obj: unknown = null): Promise<Set<string>> {
    return collect(this, 'getUserPermissions', obj);
  }

  /** Permissions the user has through groups. */
  async getGroupPermissions(obj: unknown = null): Promise<Set<string>> {
    return collect(this, 'getGroupPermissions', obj);
  }

  async getAllPermissions(obj: unknown = null): Promise<Set<string>> {
    return collect(this, 'getAllPermissions', obj);
  }

  /** Whether the user has the permission ('blog.add_post'): active superusers have them all. */
  async hasPerm(perm: string, obj: unknown = null): Promise<boolean> {
    if (this.isActive !== false && this.isSuperuser) return true;
    for (const backend of getBackends()) if (await backend.hasPerm?.(this, perm, obj)) return true;
    return false;
  }

  async hasPerms(perms: Iterable<string>, obj: unknown = null): Promise<boolean> {
    requirePermissionList(perms);
    for (const perm of perms) if (!(await this.hasPerm(perm, obj))) return false;
    return true;
  }

  /** Whether the user has any permission in the app. */
  async hasModulePerms(appLabel: string): Promise<boolean> {
    if (this.isActive !== false && this.isSuperuser) return true;
    for (const backend of getBackends()) if (await backend.hasModulePerms?.(this, appLabel)) return true;
    return false;
  }
}

async function collect(user: object, method: 'getUserPermissions' | 'getGroupPermissions' | 'getAllPermissions', obj: unknown): Promise<Set<string>> {
  const out = new Set<string>();
  for (const backend of getBackends()) {
    const found = await backend[method]?.(user, obj);
    if (found) for (const perm of found) out.add(perm);
  }
  return out;
}
