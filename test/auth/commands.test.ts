// createsuperuser and changepassword in-process, with answers injected into the
// prompts (the terminal path): hidden passwords twice, mismatches, validator failures
// with the bypass question, the idempotent flag; a password never shows in the output.
import prompts from 'prompts';
import { PassThrough } from 'node:stream';
import { callCommand } from '../../src/management/call-command';
import { User } from '../../src/contrib/auth';
import { BACKENDS } from '../support/test-databases';
import { useAuthDatabase } from './support';

const VALIDATORS = [{ NAME: 'hyperdjango.auth.MinimumLengthValidator', OPTIONS: { minLength: 10 } }, { NAME: 'hyperdjango.auth.CommonPasswordValidator' }];

async function run(name: string, args: string[], answers: unknown[]) {
  prompts.inject(answers);
  try {
    return await callCommand(name, args, { stdin: new PassThrough() });
  } finally {
    // Whatever a failing run left unasked must not leak into the next test.
    (prompts as unknown as { _injected?: unknown[] })._injected = [];
  }
}

describe.each(BACKENDS)('auth commands on %s', (kind) => {
  useAuthDatabase(kind, { AUTH_PASSWORD_VALIDATORS: VALIDATORS });

  it('createsuperuser asks for the username, e-mail and the password twice', async () => {
    const out = await run('createsuperuser', [], ['admin', 'admin@example.com', 'a long secret 1', 'mismatch here', 'a long secret 1', 'a long secret 1']);
    expect(out.stdout).toContain('Superuser created successfully.');
    expect(out.stderr).toContain("Error: Your passwords didn't match.");
    expect(out.stdout + out.stderr).not.toContain('a long secret 1');
    const admin = await User.objects.get({ username: 'admin' });
    expect([admin.isSuperuser, admin.isStaff, admin.email]).toEqual([true, true, 'admin@example.com']);
    expect(await admin.checkPassword('a long secret 1')).toBe(true);
  });

  it('prints validator failures and asks whether to bypass them', async () => {
    const refused = await run('createsuperuser', ['--username', 'root', '--email', ''], ['password', 'password', false, 'a better passphrase', 'a better passphrase']);
    expect(refused.stderr).toContain('This password is too short. It must contain at least 10 characters.');
    expect(refused.stderr).toContain('This password is too common.');
    expect(await (await User.objects.get({ username: 'root' })).checkPassword('a better passphrase')).toBe(true);

    await run('createsuperuser', ['--username', 'weak', '--email', ''], ['123', '123', true]);
    expect(await (await User.objects.get({ username: 'weak' })).checkPassword('123')).toBe(true);
  });

  it('re-asks a username that is taken or invalid; --if-not-exists stops quietly', async () => {
    await User.objects.createUser({ username: 'taken', password: 'x' });
    const out = await run('createsuperuser', [], ['taken', 'bad name!', 'fresh', '', 'another long one', 'another long one']);
    expect(out.stderr).toContain('Error: That username is already taken.');
    expect(out.stderr).toContain('Enter a valid username.');
    expect(await User.objects.filter({ username: 'fresh' }).exists()).toBe(true);

    const skipped = await run('createsuperuser', ['--if-not-exists'], ['taken']);
    expect(skipped.stdout).toContain("A user 'taken' already exists: nothing to do.");
    expect(await User.objects.count()).toBe(2);
  });

  it('changepassword: three tries, validators, then the new password works', async () => {
    await User.objects.createUser({ username: 'ann', password: 'old password 1' });
    const out = await run('changepassword', ['ann'], ['one thing', 'other thing', 'short', 'short', 'the new passphrase', 'the new passphrase']);
    expect(out.stdout).toContain("Changing password for user 'ann'");
    expect(out.stderr).toContain('Passwords do not match. Please try again.');
    expect(out.stderr).toContain('This password is too short.');
    expect(out.stdout).toContain("Password changed successfully for user 'ann'");
    expect(out.stdout + out.stderr).not.toContain('the new passphrase');
    expect(await (await User.objects.get({ username: 'ann' })).checkPassword('the new passphrase')).toBe(true);

    await expect(run('changepassword', ['ann'], ['a', 'b', 'c', 'd', 'e', 'f'])).rejects.toThrow("Aborting password change for user 'ann' after 3 attempts");
    await expect(run('changepassword', ['nobody'], [])).rejects.toThrow("user 'nobody' does not exist");
  });

  it('without a terminal and without --noinput, stops with exit code 3', async () => {
    await expect(callCommand('createsuperuser', [], { stdin: new PassThrough() })).rejects.toMatchObject({ exitCode: 3 });
  });
});
