// AUTHENTICATION_BACKENDS. ModelBackend checks a username and password against the
// user model, and answers permission questions from the user's own permissions and
// its groups'. Each answer set is cached on the user instance for its lifetime.
import { settings } from '../../conf/settings';
import { cachedInstances, loadClass, type Constructor } from './load-entry';
import { getUserModel } from './get-user-model';
import { Permission } from './permission';

export interface Credentials {
  [key: string]: unknown;
  username?: string;
  password?: string;
}

/** What a backend may implement; authenticate() and getUser() are what login needs. */
export interface AuthBackend {
  authenticate?(request: unknown, credentials: Credentials): Promise<unknown | null>;
  getUser?(userId: unknown): Promise<unknown | null>;
  getUserPermissions?(user: object, obj?: unknown): Promise<Set<string>>;
  getGroupPermissions?(user: object, obj?: unknown): Promise<Set<string>>;
  getAllPermissions?(user: object, obj?: unknown): Promise<Set<string>>;
  hasPerm?(user: object, perm: string, obj?: unknown): Promise<boolean>;
  hasModulePerms?(user: object, appLabel: string): Promise<boolean>;
}

interface PermUser {
  pk: unknown;
  isActive?: boolean;
  isSuperuser?: boolean;
  isAnonymous?: boolean;
}

const caches = new WeakMap<object, Map<string, Set<string>>>();

/** Forgets a user's cached permissions (after adding some, reload or call this). */
export function clearPermissionCache(user: object): void {
  caches.delete(user);
}

export class BaseBackend implements AuthBackend {
  async authenticate(_request: unknown, _credentials: Credentials): Promise<unknown | null> {
    return null;
  }

  async getUser(_userId: unknown): Promise<unknown | null> {
    return null;
  }
}

export class ModelBackend extends BaseBackend {
  async authenticate(_request: unknown, credentials: Credentials): Promise<unknown | null> {
    const User = getUserModel();
    const username = credentials.username ?? credentials[User.USERNAME_FIELD];
    const password = credentials.password;
    if (typeof username !== 'string' || typeof password !== 'string') return null;
    let user: InstanceType<typeof User>;
    try {
      user = (await User.objects.getByNaturalKey(username)) as InstanceType<typeof User>;
    } catch (error) {
      if (!(error instanceof User.DoesNotExist)) throw error;
      // Hash anyway, so that an unknown username takes as long as a wrong password.
      await new User().setPassword(password);
      return null;
    }
    if ((await user.checkPassword(password)) && this.userCanAuthenticate(user)) return user;
    return null;
  }

  /** Inactive users are refused (isActive false). */
  userCanAuthenticate(user: unknown): boolean {
    return (user as PermUser).isActive !== false;
  }

  async getUser(userId: unknown): Promise<unknown | null> {
    const User = getUserModel();
    const user = await User.objects.filter({ pk: userId }).first();
    return user && this.userCanAuthenticate(user) ? user : null;
  }

  private async cached(user: PermUser, key: string, load: () => Promise<Set<string>>): Promise<Set<string>> {
    if (user.isActive === false || user.isAnonymous || user.pk === null || user.pk === undefined) return new Set();
    let cache = caches.get(user);
    if (!cache) caches.set(user, (cache = new Map()));
    let found = cache.get(key);
    if (!found) cache.set(key, (found = await load()));
    return found;
  }

  private async permissionNames(filter: Record<string, unknown>): Promise<Set<string>> {
    const rows = (await Permission.objects.filter(filter).valuesList('appLabel', 'codename')) as unknown as Array<[string, string]>;
    return new Set(rows.map(([app, codename]) => `${app}.${codename}`));
  }

  async getUserPermissions(user: object, obj: unknown = null): Promise<Set<string>> {
    if (obj !== null) return new Set();
    const u = user as PermUser;
    if (u.isSuperuser && u.isActive !== false && u.pk != null) return this.cached(u, 'all-perms', () => this.permissionNames({}));
    return this.cached(u, 'user', () => this.permissionNames({ user: u.pk }));
  }

  async getGroupPermissions(user: object, obj: unknown = null): Promise<Set<string>> {
    if (obj !== null) return new Set();
    const u = user as PermUser;
    if (u.isSuperuser && u.isActive !== false && u.pk != null) return this.cached(u, 'all-perms', () => this.permissionNames({}));
    return this.cached(u, 'group', () => this.permissionNames({ group__user: u.pk }));
  }

  async getAllPermissions(user: object, obj: unknown = null): Promise<Set<string>> {
    if (obj !== null) return new Set();
    const u = user as PermUser;
    return this.cached(u, 'all', async () => new Set([...(await this.getUserPermissions(user)), ...(await this.getGroupPermissions(user))]));
  }

  async hasPerm(user: object, perm: string, obj: unknown = null): Promise<boolean> {
    return (user as PermUser).isActive !== false && (await this.getAllPermissions(user, obj)).has(perm);
  }

  async hasModulePerms(user: object, appLabel: string): Promise<boolean> {
    if ((user as PermUser).isActive === false) return false;
    return [...(await this.getAllPermissions(user))].some((perm) => perm.startsWith(`${appLabel}.`));
  }
}

/** ModelBackend that lets inactive users log in too (Django's AllowAllUsersModelBackend). */
export class AllowAllUsersModelBackend extends ModelBackend {
  userCanAuthenticate(): boolean {
    return true;
  }
}

const BUILTIN: Record<string, Constructor<AuthBackend>> = { ModelBackend, AllowAllUsersModelBackend, BaseBackend };

/** The backend's name as stored in the session: the setting's string, or the class name. */
export function backendPath(entry: unknown): string {
  return typeof entry === 'string' ? entry : (entry as { name: string }).name;
}

const instances = cachedInstances(
  () => settings.AUTHENTICATION_BACKENDS as unknown[],
  (entry) => ({ path: backendPath(entry), backend: new (loadClass(entry, BUILTIN, 'AUTHENTICATION_BACKENDS') as unknown as new () => AuthBackend)() }),
);

export function getBackends(): AuthBackend[] {
  return instances().map((entry) => entry.backend);
}

/** Backends with the name each is stored under in a session. */
export function getBackendsWithPaths(): Array<{ path: string; backend: AuthBackend }> {
  return instances();
}
