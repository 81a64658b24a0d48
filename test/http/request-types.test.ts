// Compile-time shape of request.user and request.session (checked by `npm run
// typecheck`): the http layer leaves them to the apps, which type them by declaration
// merging (RequestExtensions): the sessions app gives a SessionBase, the auth app its
// user or AnonymousUser, and a project names its own user model (RequestUserModel).
import type { AnonymousUser, User } from '../../src/contrib/auth';
import type { SessionBase } from '../../src/contrib/sessions';
import type { Request } from '../../src/http';

declare module '../../src/contrib/auth' {
  interface RequestUserModel {
    model: User;
  }
}

/** Compiles only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function same<A, B>(_proof: Equal<A, B>): void {}

async function inView(request: Request): Promise<string> {
  same<Request['session'], SessionBase>(true);
  same<Request['user'], User | AnonymousUser>(true);
  request.session.set('cart', [1, 2]);
  const cart = request.session.get('cart', []);
  const name: string = request.user.isAuthenticated ? request.user.username : 'anonymous';
  const email: string = request.user.isAuthenticated ? request.user.email : '';
  const again = await request.auser!();
  // @ts-expect-error AnonymousUser has no e-mail address: narrow on isAuthenticated first
  const unchecked: string = request.user.email;
  // @ts-expect-error a session is not a plain object
  request.session = { cart: [] };
  return `${String(cart)}${name}${email}${String(again)}${unchecked}`;
}

it('types request.user and request.session (see npm run typecheck)', () => {
  expect(typeof inView).toBe('function');
  expect(typeof same).toBe('function');
});
