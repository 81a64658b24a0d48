// The auth app's models: Permission, Group and the default User (replaced by another
// model when AUTH_USER_MODEL names one: then auth.User has no table).
import { AbstractUser } from './abstract-user';

export { Group, Permission } from './permission';

export class User extends AbstractUser.extend({}, { appLabel: 'auth', swappable: 'AUTH_USER_MODEL', verboseName: 'user' }) {}
