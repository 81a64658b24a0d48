// The one mapping from an error to the exit code `hyper` ends with.
import { ImproperlyConfigured, InvalidArgument } from '../../src/core/errors';
import { CommandError, exitCodeOf, NeedsInputError, SystemCheckError, UsageError } from '../../src/management';

test('a CommandError ends with its own exit code: 2 for usage, 3 for input needed, 1 by default', () => {
  expect(exitCodeOf(new UsageError('unknown option'))).toBe(2);
  expect(exitCodeOf(new NeedsInputError('a title is needed'))).toBe(3);
  expect(exitCodeOf(new CommandError('failed'))).toBe(1);
  expect(exitCodeOf(new SystemCheckError('report'))).toBe(1);
  expect(exitCodeOf(new CommandError('psql ended with exit code 5.', { exitCode: 5 }))).toBe(5);
});

test('any other error, catalogue or not, ends with 1', () => {
  expect(exitCodeOf(new ImproperlyConfigured('bad settings', { code: 'HYPER_SETTINGS_BAD_ENV_VALUE' }))).toBe(1);
  expect(exitCodeOf(new InvalidArgument('HYPER_ADDRPORT_INVALID', 'not a port'))).toBe(1);
  expect(exitCodeOf(new TypeError('in a project command'))).toBe(1);
  expect(exitCodeOf('a thrown string')).toBe(1);
});
