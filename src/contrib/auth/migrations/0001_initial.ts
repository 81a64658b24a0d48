// The auth app's tables. Written as makemigrations writes, with two differences: the
// import is relative (this file runs from src/ and from dist/), and auth.User is left
// out when AUTH_USER_MODEL names another model (it is swapped out: no table).
import { settings } from '../../../conf/settings';
import { Migration, fields, operations } from '../../../orm/migrations';

const userSwapped = settings.AUTH_USER_MODEL.toLowerCase() !== 'auth.user';

export default new Migration({
  initial: true,
  dependencies: [],
  operations: [
    operations.CreateModel({
      name: 'Permission',
      fields: [
        ['id', fields.BigAutoField({ primaryKey: true })],
        ['name', fields.CharField({ maxLength: 255, verboseName: 'name' })],
        ['appLabel', fields.CharField({ maxLength: 100, verboseName: 'app label' })],
        ['model', fields.CharField({ maxLength: 100, verboseName: 'model' })],
        ['codename', fields.CharField({ maxLength: 100, verboseName: 'codename' })],
      ],
      options: {
        ordering: ['appLabel', 'model', 'codename'],
        uniqueTogether: [['appLabel', 'codename']],
        verboseName: 'permission',
      },
    }),
    operations.CreateModel({
      name: 'Group',
      fields: [
        ['id', fields.BigAutoField({ primaryKey: true })],
        ['name', fields.CharField({ maxLength: 150, unique: true, verboseName: 'name' })],
        ['permissions', fields.ManyToManyField('auth.Permission', { blank: true, verboseName: 'permissions' })],
      ],
      options: { verboseName: 'group' },
    }),
    ...(userSwapped ? [] : [operations.CreateModel({
      name: 'User',
      fields: [
        ['id', fields.BigAutoField({ primaryKey: true })],
        ['password', fields.CharField({ maxLength: 128, verboseName: 'password' })],
        ['lastLogin', fields.DateTimeField({ blank: true, null: true, verboseName: 'last login' })],
        ['isSuperuser', fields.BooleanField({
          default: false,
          helpText: 'Designates that this user has all permissions without explicitly assigning them.',
          verboseName: 'superuser status',
        })],
        ['groups', fields.ManyToManyField('auth.Group', { blank: true, relatedName: 'userSet', relatedQueryName: 'user', verboseName: 'groups' })],
        ['userPermissions', fields.ManyToManyField('auth.Permission', { blank: true, relatedName: 'userSet', relatedQueryName: 'user', verboseName: 'user permissions' })],
        ['username', fields.CharField({
          helpText: 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.',
          maxLength: 150,
          unique: true,
          verboseName: 'username',
        })],
        ['firstName', fields.CharField({ blank: true, maxLength: 150, verboseName: 'first name' })],
        ['lastName', fields.CharField({ blank: true, maxLength: 150, verboseName: 'last name' })],
        ['email', fields.EmailField({ blank: true, maxLength: 254, verboseName: 'email address' })],
        ['isStaff', fields.BooleanField({
          default: false,
          helpText: 'Designates whether the user can log into the admin site.',
          verboseName: 'staff status',
        })],
        ['isActive', fields.BooleanField({ default: true, helpText: 'Unselect this instead of deleting accounts.', verboseName: 'active' })],
        ['dateJoined', fields.DateTimeField({ default: () => new Date(), verboseName: 'date joined' })],
      ],
      options: { verboseName: 'user' },
    })]),
  ],
});
