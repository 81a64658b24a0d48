// Users, groups and permissions on both backends, over the shipped migration:
// createUser/createSuperuser, permissions through groups, superusers and inactive
// users, the hash upgrade on checkPassword, the permissions made after migrate.
import { Group, Permission, User, AnonymousUser, getUserModel, clearPermissionCache } from '../../src/contrib/auth';
import { ScryptPasswordHasher } from '../../src/contrib/auth/hashers';
import { configure } from '../../src/conf/settings';
import { loadedSettings } from '../../src/conf';
import { callCommand } from '../../src/management/call-command';
import { BACKENDS } from '../support/test-databases';
import { useAuthDatabase } from './support';

describe.each(BACKENDS)('auth models on %s', (kind) => {
  useAuthDatabase(kind);

  it('creates the default permissions of every installed model after migrate, once', async () => {
    const perms = (await Permission.objects.filter({ appLabel: 'auth' }).valuesList('codename', { flat: true })) as unknown as string[];
    expect(perms.sort()).toEqual(['add_group', 'add_permission', 'add_user', 'change_group', 'change_permission', 'change_user', 'delete_group', 'delete_permission', 'delete_user', 'view_group', 'view_permission', 'view_user']);
    const user = await Permission.objects.get({ codename: 'view_user' });
    expect(user.name).toBe('Can view user');
    expect(user.perm).toBe('auth.view_user');
    await callCommand('migrate', { verbosity: 0 });
    expect(await Permission.objects.count()).toBe(12);
  });

  it('createUser normalizes and hashes; createSuperuser sets the flags', async () => {
    expect(getUserModel()).toBe(User);
    const ann = await User.objects.createUser({ username: 'ann', email: 'Ann@EXAMPLE.com', password: 's3cret pass' });
    expect(ann.email).toBe('Ann@example.com');
    expect(ann.password).toMatch(/^scrypt\$/);
    expect(ann.isStaff).toBe(false);
    expect(ann.isActive).toBe(true);
    expect(await ann.checkPassword('s3cret pass')).toBe(true);
    expect(await ann.checkPassword('wrong')).toBe(false);
    const fromDb = await User.objects.getByNaturalKey('ann');
    expect(fromDb.pk).toBe(ann.pk);
    expect(fromDb.isAuthenticated).toBe(true);
    expect(fromDb.isAnonymous).toBe(false);

    const boss = await User.objects.createSuperuser({ username: 'boss', email: 'b@x.io', password: 'pw' });
    expect([boss.isStaff, boss.isSuperuser]).toEqual([true, true]);
    await expect(User.objects.createSuperuser({ username: 'x', isStaff: false })).rejects.toThrow('isStaff: true');
    await expect(User.objects.createUser({ username: '' })).rejects.toThrow('The given username must be set.');

    const nopw = await User.objects.createUser({ username: 'nopw' });
    expect(nopw.hasUsablePassword()).toBe(false);
    expect(await nopw.checkPassword('')).toBe(false);
  });

  it('upgrades a hash made with older parameters when the password is checked', async () => {
    const ann = await User.objects.createUser({ username: 'ann', password: 'pw-one' });
    class Weaker extends ScryptPasswordHasher {
      workFactor = 2 ** 9;
    }
    ann.password = await new Weaker().encode('pw-one', 'oldsalt1234');
    await ann.save();
    expect(await ann.checkPassword('pw-one')).toBe(true);
    const stored = await User.objects.get({ pk: ann.pk });
    expect(stored.password).toMatch(/^scrypt\$[^$]+\$1024\$8\$1\$/);
    expect(stored.password).not.toContain('oldsalt1234');
    expect(await stored.checkPassword('pw-one')).toBe(true);
  });

  it('answers permissions: direct, through groups, for superusers and inactive users', async () => {
    const ann = await User.objects.createUser({ username: 'ann', password: 'x' });
    const editors = await Group.objects.create({ name: 'editors' });
    await editors.permissions.add(await Permission.objects.get({ codename: 'change_group' }));
    await ann.groups.add(editors);
    await ann.userPermissions.add(await Permission.objects.get({ codename: 'view_user' }));

    const fresh = await User.objects.get({ pk: ann.pk });
    expect(await fresh.hasPerm('auth.change_group')).toBe(true);
    expect(await fresh.hasPerm('auth.view_user')).toBe(true);
    expect(await fresh.hasPerm('auth.delete_user')).toBe(false);
    expect(await fresh.hasPerms(['auth.change_group', 'auth.view_user'])).toBe(true);
    expect(await fresh.hasPerms(['auth.change_group', 'auth.delete_user'])).toBe(false);
    expect(await fresh.hasModulePerms('auth')).toBe(true);
    expect(await fresh.hasModulePerms('blog')).toBe(false);
    expect([...(await fresh.getGroupPermissions())]).toEqual(['auth.change_group']);
    expect([...(await fresh.getAllPermissions())].sort()).toEqual(['auth.change_group', 'auth.view_user']);

    // Cached per instance: a new permission shows after clearing the cache (or on a new instance).
    await ann.userPermissions.add(await Permission.objects.get({ codename: 'delete_user' }));
    expect(await fresh.hasPerm('auth.delete_user')).toBe(false);
    clearPermissionCache(fresh);
    expect(await fresh.hasPerm('auth.delete_user')).toBe(true);

    fresh.isActive = false;
    clearPermissionCache(fresh);
    expect(await fresh.hasPerm('auth.view_user')).toBe(false);

    const boss = await User.objects.createSuperuser({ username: 'boss', password: 'x' });
    expect(await boss.hasPerm('anything.at_all')).toBe(true);
    expect((await boss.getAllPermissions()).size).toBe(12);
    boss.isActive = false;
    expect(await boss.hasPerm('anything.at_all')).toBe(false);

    const anonymous = new AnonymousUser();
    expect([anonymous.isAuthenticated, anonymous.isAnonymous, await anonymous.hasPerm('auth.view_user')]).toEqual([false, true, false]);
  });

  it("tells the validators' passwordChanged() hook after the new password is saved", async () => {
    const changed: string[] = [];
    class History {
      validate() {}
      getHelpText() {
        return '';
      }
      passwordChanged(_password: string, user: { username: string }) {
        changed.push(user.username);
      }
    }
    const before = loadedSettings().values;
    configure({ ...before, AUTH_PASSWORD_VALIDATORS: [{ NAME: History }] });
    try {
      const ann = await User.objects.createUser({ username: 'ann', password: 'one' });
      expect(changed).toEqual(['ann']);
      await ann.setPassword('two');
      expect(changed).toEqual(['ann']);
      await ann.save();
      expect(changed).toEqual(['ann', 'ann']);
      expect(await ann.checkPassword('two')).toBe(true);
    } finally {
      configure(before);
    }
  });
});

it('keeps configure() usable without a database for model declarations', () => {
  configure({ SECRET_KEY: 'x' });
  expect(User.USERNAME_FIELD).toBe('username');
  expect(User.REQUIRED_FIELDS).toEqual(['email']);
});
