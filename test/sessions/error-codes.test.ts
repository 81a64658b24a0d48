// The sessions' failures carry codes of their own (docs/errors.md). No database.
import { configure, resetSettings } from '../../src/conf/settings';
import { ImproperlyConfigured, InvalidArgument } from '../../src/core/errors';
import { getSessionStore, SessionInterrupted, SignedCookieSessionStore } from '../../src/contrib/sessions';
import { BadRequest } from '../../src/http/errors';
import { SECRET } from './support';

beforeEach(() => configure({ SECRET_KEY: SECRET }));
afterAll(() => resetSettings());

function thrownBy(act: () => unknown): Error & { code?: string } {
  try {
    act();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

it('an unknown SESSION_ENGINE, a session read before load(), a bad expiry', () => {
  const engine = thrownBy(() => getSessionStore('redis'));
  expect(engine).toBeInstanceOf(ImproperlyConfigured);
  expect(engine.code).toBe('HYPER_SESSION_UNKNOWN_ENGINE');
  const unloaded = thrownBy(() => new SignedCookieSessionStore('some-cookie').get('cart'));
  expect(unloaded).toBeInstanceOf(ImproperlyConfigured);
  expect(unloaded.code).toBe('HYPER_SESSION_NOT_LOADED');
  const expiry = thrownBy(() => new SignedCookieSessionStore().setExpiry('tomorrow' as never));
  expect(expiry).toBeInstanceOf(InvalidArgument);
  expect(expiry.code).toBe('HYPER_SESSION_INVALID_EXPIRY');
  expect(expiry.message).toBe('setExpiry() takes seconds, a Date, 0 or null (got string).');
});

it('a session deleted while the request ran is a 400 of its own code', () => {
  const interrupted = new SessionInterrupted();
  expect(interrupted).toBeInstanceOf(BadRequest);
  expect(interrupted.code).toBe('HYPER_SESSION_INTERRUPTED');
});
