// The test client's own failures: a redirect loop and captureOnCommitCallbacks()
// outside a test transaction, each a catalogue error with its code.
import { resetSettings } from '../../src/conf/settings';
import { TransactionManagementError } from '../../src/db/errors';
import { redirect } from '../../src/shortcuts';
import { Client, RedirectCycleError, captureOnCommitCallbacks } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';
import { setupWeb } from '../http/support';

afterEach(() => {
  setUrlconf(null);
  resetSettings();
});

test('following a redirect loop stops with RedirectCycleError and the chain', async () => {
  setupWeb();
  setUrlconf([path('a/', () => redirect('/b/')), path('b/', () => redirect('/a/'))]);
  let error: unknown;
  try {
    await new Client({ log: () => undefined }).get('/a/', { follow: true });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(RedirectCycleError);
  expect(error).toMatchObject({ code: 'HYPER_TEST_REDIRECT_LOOP', message: expect.stringMatching(/^Redirect loop: \/b\/ -> \/a\/ -> \/b\//) });
  expect((error as RedirectCycleError).chain[0]).toEqual(['/b/', 302]);
});

test('captureOnCommitCallbacks() outside a test transaction says where to use it', async () => {
  const run = captureOnCommitCallbacks(() => undefined);
  await expect(run).rejects.toThrow(TransactionManagementError);
  await expect(run).rejects.toMatchObject({ code: 'HYPER_TEST_CAPTURE_NEEDS_TRANSACTION' });
});
