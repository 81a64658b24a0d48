// hasPerms() of users and of AnonymousUser: a lone string would be iterated as its
// letters, each a permission no one has, so it is refused rather than answered false.
import { InvalidArgument } from '../../core/errors';

export function requirePermissionList(perms: Iterable<string>): void {
  if (typeof perms === 'string') {
    throw new InvalidArgument('HYPER_AUTH_PERMISSION_LIST_REQUIRED', `hasPerms() takes a list of permissions, not the string '${perms}'; use hasPerm() for one: hasPerm('${perms}').`);
  }
}
