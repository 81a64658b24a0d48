// loginRequired, permissionRequired and userPassesTest for view functions (including
// a class-based view's asView()): anonymous users go to LOGIN_URL with ?next= the
// page they asked for; permissionRequired can answer 403 instead.
import { settings } from '../../conf/settings';
import { wraps } from '../../core/wraps';
import { PermissionDenied } from '../../http/errors';
import type { Request } from '../../http/request';
import { type BaseResponse, HttpResponseRedirect } from '../../http/response';
import { resolveUrl } from './url-safety';

/** A view function, whatever its parameters after the request: the guards pass them through untouched. */
type AnyView = (request: Request, ...rest: never[]) => BaseResponse | Promise<BaseResponse>;

export interface AccessOptions {
  /** Defaults to LOGIN_URL. */
  loginUrl?: string;
  /** The query parameter that carries the page to return to: 'next'. */
  redirectFieldName?: string | null;
  /** Answer 403 (PermissionDenied) instead of redirecting to the login page. */
  raiseException?: boolean;
}

interface RequestUser {
  isAuthenticated?: boolean;
  hasPerms?(perms: string[]): Promise<boolean>;
}

/** A redirect to the login page, with the current page in ?next= (Django's redirect_to_login). */
export function redirectToLogin(request: Request, options: AccessOptions = {}): HttpResponseRedirect {
  const loginUrl = resolveUrl(options.loginUrl ?? settings.LOGIN_URL);
  const field = options.redirectFieldName === undefined ? 'next' : options.redirectFieldName;
  if (!field) return new HttpResponseRedirect(loginUrl);
  // The page to come back to: a path when the login page is on this site, else the full URL.
  const absoluteLogin = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(loginUrl);
  const next = absoluteLogin && absoluteLogin[1].toLowerCase() !== request.getHost().toLowerCase() ? request.buildAbsoluteUri() : request.getFullPath();
  const hash = loginUrl.indexOf('#');
  const [base, fragment] = hash < 0 ? [loginUrl, ''] : [loginUrl.slice(0, hash), loginUrl.slice(hash)];
  const separator = base.includes('?') ? '&' : '?';
  return new HttpResponseRedirect(`${base}${separator}${encodeURIComponent(field)}=${encodeURIComponent(next).replace(/%2F/g, '/')}${fragment}`);
}

/** The guard, with the view's name and asView()'s properties (viewClass, allowedMethods ...). */
function wrap<V extends AnyView>(view: V, guarded: AnyView): V {
  return wraps(view, guarded) as unknown as V;
}

function decorator<O>(build: (view: AnyView, options: O) => AnyView) {
  function apply<V extends AnyView>(view: V, options?: O): V;
  function apply(options?: O): <V extends AnyView>(view: V) => V;
  function apply(viewOrOptions?: AnyView | O, options?: O): unknown {
    if (typeof viewOrOptions === 'function') return wrap(viewOrOptions as AnyView, build(viewOrOptions as AnyView, (options ?? {}) as O));
    return (view: AnyView) => wrap(view, build(view, (viewOrOptions ?? {}) as O));
  }
  return apply;
}

/**
 * Runs the view when `test(request.user)` passes; otherwise redirects to the login
 * page, or (raiseException, or a logged-in user with raiseException unset and
 * permission checks) answers 403.
 */
export function userPassesTest<V extends AnyView>(test: (user: unknown) => boolean | Promise<boolean>, view: V, options?: AccessOptions): V;
export function userPassesTest(test: (user: unknown) => boolean | Promise<boolean>, options?: AccessOptions): <V extends AnyView>(view: V) => V;
export function userPassesTest(test: (user: unknown) => boolean | Promise<boolean>, viewOrOptions?: AnyView | AccessOptions, options?: AccessOptions): unknown {
  const apply = decorator<AccessOptions>((view, opts) => async (request, ...rest) => {
    if (await test(request.user)) return view(request, ...rest);
    if (opts.raiseException) throw new PermissionDenied();
    return redirectToLogin(request, opts);
  });
  return typeof viewOrOptions === 'function' ? apply(viewOrOptions, options) : apply(viewOrOptions);
}

const isAuthenticated = (user: unknown) => (user as RequestUser | undefined)?.isAuthenticated === true;

/** Lets only logged-in users in: `loginRequired(view)` or `loginRequired({ loginUrl })(view)`. */
export const loginRequired = decorator<Omit<AccessOptions, 'raiseException'>>((view, options) => async (request, ...rest) => {
  if (isAuthenticated(request.user)) return view(request, ...rest);
  return redirectToLogin(request, options);
});

/** Whether request.user has every permission ('blog.add_post'). */
export async function userHasPerms(user: unknown, perms: string | readonly string[]): Promise<boolean> {
  const list = typeof perms === 'string' ? [perms] : [...perms];
  const u = user as RequestUser | undefined;
  return typeof u?.hasPerms === 'function' && (await u.hasPerms(list));
}

/**
 * Lets in users with the permission(s). Others are redirected to the login page, or
 * get 403 with raiseException (the usual choice for logged-in users).
 */
export function permissionRequired<V extends AnyView>(perm: string | readonly string[], view: V, options?: AccessOptions): V;
export function permissionRequired(perm: string | readonly string[], options?: AccessOptions): <V extends AnyView>(view: V) => V;
export function permissionRequired(perm: string | readonly string[], viewOrOptions?: AnyView | AccessOptions, options?: AccessOptions): unknown {
  const apply = decorator<AccessOptions>((view, opts) => async (request, ...rest) => {
    if (await userHasPerms(request.user, perm)) return view(request, ...rest);
    if (opts.raiseException) throw new PermissionDenied();
    return redirectToLogin(request, opts);
  });
  return typeof viewOrOptions === 'function' ? apply(viewOrOptions, options) : apply(viewOrOptions);
}
