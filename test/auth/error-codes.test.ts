// Each misuse of the auth API and each bad auth setting has a code of its own
// (docs/errors.md), so a program branches on the failure rather than the message.
// No database: every check here runs before a query would.
import { configure, resetSettings } from '../../src/conf/settings';
import { ImproperlyConfigured, InvalidArgument } from '../../src/core/errors';
import { AnonymousUser, getUserModel, login, PermissionRequiredMixin, User, UserPassesTestMixin, validateUsername } from '../../src/contrib/auth';
import { getHasher, identifyHasher, makePassword, PBKDF2PasswordHasher, ScryptPasswordHasher } from '../../src/contrib/auth/hashers';
import { getPasswordValidators, MinimumLengthValidator, UserAttributeSimilarityValidator } from '../../src/contrib/auth/validators';
import { ValidationError } from '../../src/orm';
import { View } from '../../src/views';

class FastPBKDF2 extends PBKDF2PasswordHasher {
  iterations = 1000;
}

beforeEach(() => {
  resetSettings();
  configure({ SECRET_KEY: 'auth-error-codes-'.padEnd(60, 'x'), PASSWORD_HASHERS: [ScryptPasswordHasher, FastPBKDF2] });
});
afterAll(() => resetSettings());

/** What `act` throws (or the promise it returns rejects with). */
async function thrownBy(act: () => unknown): Promise<Error & { code?: string }> {
  try {
    await act();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

async function expectFailure(act: () => unknown, Class: abstract new (...args: never[]) => Error, code: string): Promise<void> {
  const error = await thrownBy(act);
  expect(error).toBeInstanceOf(Class);
  expect(error.code).toBe(code);
}

describe('error codes of auth', () => {
  it('passwords and hashes a hasher cannot take are InvalidArgument', async () => {
    await expectFailure(() => makePassword(42 as never), InvalidArgument, 'HYPER_AUTH_PASSWORD_NOT_A_STRING');
    await expectFailure(() => makePassword('pw', 'a$b'), InvalidArgument, 'HYPER_AUTH_INVALID_SALT');
    await expectFailure(() => new FastPBKDF2().encode('pw', 'salt', 0), InvalidArgument, 'HYPER_AUTH_INVALID_ITERATIONS');
    await expectFailure(() => identifyHasher('hunter2'), InvalidArgument, 'HYPER_AUTH_MALFORMED_HASH');
    await expectFailure(() => new ScryptPasswordHasher().decode('pbkdf2_sha256$1000$salt$hash'), InvalidArgument, 'HYPER_AUTH_MALFORMED_HASH');
    // The unreadable text may be a password stored in the clear: it stays out of the message.
    expect((await thrownBy(() => identifyHasher('hunter2'))).message).not.toContain('hunter2');
  });

  it('PASSWORD_HASHERS that cannot hash are ImproperlyConfigured', async () => {
    await expectFailure(() => getHasher('md5'), ImproperlyConfigured, 'HYPER_AUTH_UNKNOWN_HASHER');
    configure({ SECRET_KEY: 'x', PASSWORD_HASHERS: [] });
    await expectFailure(() => getHasher(), ImproperlyConfigured, 'HYPER_AUTH_NO_HASHERS');
    configure({ SECRET_KEY: 'x', PASSWORD_HASHERS: [class NotAHasher {}] });
    await expectFailure(() => getHasher(), ImproperlyConfigured, 'HYPER_AUTH_INVALID_HASHER');
  });

  it('the anonymous user refuses what needs a row or a password', async () => {
    const anonymous = new AnonymousUser();
    for (const act of [() => anonymous.save(), () => anonymous.delete(), () => anonymous.setPassword(), () => anonymous.checkPassword()]) {
      await expectFailure(act, InvalidArgument, 'HYPER_AUTH_ANONYMOUS_USER');
    }
    await expectFailure(() => anonymous.hasPerms('blog.add_post' as never), InvalidArgument, 'HYPER_AUTH_PERMISSION_LIST_REQUIRED');
    expect(await anonymous.hasPerms([])).toBe(true);
  });

  it('users: the manager and the username validator', async () => {
    await expectFailure(() => new User({ username: 'ann' }).hasPerms('blog.add_post' as never), InvalidArgument, 'HYPER_AUTH_PERMISSION_LIST_REQUIRED');
    await expectFailure(() => User.objects.createUser({ username: '' }), InvalidArgument, 'HYPER_AUTH_USERNAME_REQUIRED');
    await expectFailure(() => User.objects.createSuperuser({ username: 'boss', isSuperuser: false }), InvalidArgument, 'HYPER_AUTH_SUPERUSER_FLAGS');
    await expectFailure(() => validateUsername('ann smith'), ValidationError, 'HYPER_AUTH_INVALID_USERNAME');
  });

  it('password validators: a refused password, and options or entries that cannot work', async () => {
    await expectFailure(() => new MinimumLengthValidator().validate('short'), ValidationError, 'HYPER_AUTH_PASSWORD_REJECTED');
    await expectFailure(() => new UserAttributeSimilarityValidator({ maxSimilarity: 0.05 }), ImproperlyConfigured, 'HYPER_AUTH_MAX_SIMILARITY');
    await expectFailure(() => getPasswordValidators([{ NAME: class Silent {} }]), ImproperlyConfigured, 'HYPER_AUTH_INVALID_VALIDATOR');
  });

  it('access mixins missing what they need are ImproperlyConfigured', async () => {
    class Unguarded extends PermissionRequiredMixin(View) {}
    class Untested extends UserPassesTestMixin(View) {}
    await expectFailure(() => new Unguarded().getPermissionRequired(), ImproperlyConfigured, 'HYPER_AUTH_PERMISSION_REQUIRED_MISSING');
    await expectFailure(() => new Untested().testFunc(), ImproperlyConfigured, 'HYPER_AUTH_TEST_FUNC_MISSING');
  });

  it('logging in: what login() needs, and AUTH_USER_MODEL', async () => {
    const user = Object.assign(new User({ username: 'ann' }), { id: 1 });
    await expectFailure(() => login({} as never, user), ImproperlyConfigured, 'HYPER_AUTH_SESSIONS_MIDDLEWARE_MISSING');
    configure({ SECRET_KEY: 'x', AUTHENTICATION_BACKENDS: ['hyperdjango.auth.ModelBackend', 'hyperdjango.auth.AllowAllUsersModelBackend'] });
    const session = { has: () => false, cycleKey: async () => undefined, set: () => undefined };
    await expectFailure(() => login({ session } as never, user), InvalidArgument, 'HYPER_AUTH_BACKEND_REQUIRED');
    configure({ SECRET_KEY: 'x', AUTH_USER_MODEL: 'shop.Customer' });
    await expectFailure(() => getUserModel(), ImproperlyConfigured, 'HYPER_AUTH_USER_MODEL_NOT_INSTALLED');
  });
});
