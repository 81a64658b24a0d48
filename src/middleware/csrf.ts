// CSRF protection (Django's CsrfViewMiddleware): a secret per browser in the
// 'csrftoken' cookie (or the session with CSRF_USE_SESSIONS), a freshly masked token
// for each page (so the token in a page never repeats and BREACH cannot recover it),
// and on unsafe methods: the Origin header checked against the host and
// CSRF_TRUSTED_ORIGINS, the Referer checked under HTTPS, then the token from the form
// field 'csrfmiddlewaretoken' or the X-CSRFToken header compared with the secret.
import { settings } from '../conf/settings';
import { ImproperlyConfigured } from '../core/errors';
import { wraps } from '../core/wraps';
import { validateHost } from '../http/host';
import type { Request } from '../http/request';
import { BaseResponse } from '../http/response';
import type { Handler, Middleware } from '../http/types';
import { ALPHANUMERIC, constantTimeEqual, randomString } from '../signing/crypto';
import { csrfFailure, type CsrfRejection } from './csrf-failure';

const CHARS = ALPHANUMERIC;
const SECRET_LENGTH = 32;
const TOKEN_LENGTH = 2 * SECRET_LENGTH;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
/** Where the secret is kept with CSRF_USE_SESSIONS (Django's key). */
export const CSRF_SESSION_KEY = '_csrftoken';

const rejection = (code: string, reason: string): CsrfRejection => ({ code, reason });

/** Why a request is refused: Django's reason text, and a stable code for each (docs/errors.md). */
export const REASON = {
  NO_REFERER: rejection('HYPER_CSRF_NO_REFERER', 'Referer checking failed - no Referer.'),
  BAD_REFERER: (referer: string) => rejection('HYPER_CSRF_BAD_REFERER', `Referer checking failed - ${referer} does not match any trusted origins.`),
  NO_CSRF_COOKIE: rejection('HYPER_CSRF_NO_COOKIE', 'CSRF cookie not set.'),
  BAD_CSRF_COOKIE: (problem: string) => rejection('HYPER_CSRF_BAD_COOKIE', `CSRF cookie ${problem}.`),
  CSRF_TOKEN_MISSING: rejection('HYPER_CSRF_TOKEN_MISSING', 'CSRF token missing.'),
  BAD_CSRF_TOKEN: (source: string, problem: string) => rejection('HYPER_CSRF_TOKEN_MALFORMED', `CSRF token from ${source} ${problem}.`),
  CSRF_TOKEN_INCORRECT: (source: string) => rejection('HYPER_CSRF_TOKEN_INCORRECT', `CSRF token from ${source} incorrect.`),
  BAD_ORIGIN: (origin: string) => rejection('HYPER_CSRF_BAD_ORIGIN', `Origin checking failed - ${origin} does not match any trusted origins.`),
  MALFORMED_REFERER: rejection('HYPER_CSRF_MALFORMED_REFERER', 'Referer checking failed - Referer is malformed.'),
  INSECURE_REFERER: rejection('HYPER_CSRF_INSECURE_REFERER', 'Referer checking failed - Referer is insecure while host is secure.'),
} as const;

interface CsrfState {
  /** The unmasked secret of this browser, once known or made. */
  secret: string | null;
  /** The cookie (or session) must be written: a token was handed out or rotated. */
  needsUpdate: boolean;
  /** The secret the request brought (cookie or session): what submitted tokens must match. */
  arrived: string | null;
  /** The cookie held something malformed (what is wrong with it); a new secret replaces it. */
  badCookie: string | null;
  read: boolean;
  processed: boolean;
}

function stateOf(request: Request): CsrfState {
  let state = request.csrfState as CsrfState | undefined;
  if (!state) request.csrfState = state = { secret: null, needsUpdate: false, arrived: null, badCookie: null, read: false, processed: false };
  return state;
}

/** mask + (secret shifted by mask): a different string each time for the same secret. */
export function maskSecret(secret: string): string {
  const mask = randomString(SECRET_LENGTH);
  let cipher = '';
  for (let i = 0; i < SECRET_LENGTH; i++) cipher += CHARS[(CHARS.indexOf(secret[i]) + CHARS.indexOf(mask[i])) % CHARS.length];
  return mask + cipher;
}

export function unmaskToken(token: string): string {
  const mask = token.slice(0, SECRET_LENGTH);
  const cipher = token.slice(SECRET_LENGTH);
  let secret = '';
  for (let i = 0; i < SECRET_LENGTH; i++) secret += CHARS[(CHARS.indexOf(cipher[i]) - CHARS.indexOf(mask[i]) + CHARS.length) % CHARS.length];
  return secret;
}

/** Why a token or secret is malformed, or null when it is well formed. */
function formatProblem(token: string): string | null {
  if (token.length !== SECRET_LENGTH && token.length !== TOKEN_LENGTH) return 'has incorrect length';
  if (!/^[a-zA-Z0-9]+$/.test(token)) return 'has invalid characters';
  return null;
}

/** Compares a submitted token (masked, or a bare secret) with the secret in constant time. */
function tokenMatches(token: string, secret: string): boolean {
  const candidate = token.length === TOKEN_LENGTH ? unmaskToken(token) : token;
  return constantTimeEqual(candidate, secret);
}

/**
 * A masked CSRF token for this request (a new mask each call, the same secret): put it
 * in forms as 'csrfmiddlewaretoken' or send it as X-CSRFToken. The middleware then
 * sends the cookie (or stores the secret in the session) with the response.
 */
export function getToken(request: Request): string {
  const state = stateOf(request);
  readSecret(request, state);
  state.secret ??= randomString(SECRET_LENGTH);
  state.needsUpdate = true;
  return maskSecret(state.secret);
}

/** A new secret for this browser: call on login so a token learned before is worthless. */
export function rotateToken(request: Request): void {
  const state = stateOf(request);
  state.secret = randomString(SECRET_LENGTH);
  state.needsUpdate = true;
}

type ViewMarks = { csrfExempt?: boolean; viewClass?: { csrfExempt?: boolean } };

/**
 * A view (a function, or the result of View.asView()) exempt from CSRF checks: a new
 * function, so that the same view routed elsewhere unwrapped stays protected.
 */
export function csrfExempt<T extends (...args: never[]) => unknown>(view: T): T {
  const exempt = wraps(view, (...args: Parameters<T>) => view(...args)) as unknown as T & ViewMarks;
  exempt.csrfExempt = true;
  return exempt;
}

function isExempt(view: unknown): boolean {
  const marks = view as ViewMarks | undefined;
  return Boolean(marks?.csrfExempt || marks?.viewClass?.csrfExempt);
}

/** The secret as it arrived (cookie or session); malformed cookies are noted and replaced. */
function readSecret(request: Request, state: CsrfState): void {
  if (state.read) return;
  state.read = true;
  const stored = settings.CSRF_USE_SESSIONS ? requireSession(request).get(CSRF_SESSION_KEY) : request.cookies[settings.CSRF_COOKIE_NAME];
  if (typeof stored !== 'string' || stored === '') return;
  const problem = formatProblem(stored);
  if (problem) {
    state.badCookie = problem;
    state.secret ??= randomString(SECRET_LENGTH);
    state.needsUpdate = true;
    return;
  }
  // A masked token stored by an older client is accepted and unmasked.
  state.arrived = stored.length === TOKEN_LENGTH ? unmaskToken(stored) : stored;
  state.secret ??= state.arrived;
  if (stored.length === TOKEN_LENGTH) state.needsUpdate = true;
}

function requireSession(request: Request): { get(key: string): unknown; set(key: string, value: unknown): void } {
  if (!request.session) {
    throw new ImproperlyConfigured(
      "CSRF_USE_SESSIONS is on but request.session is missing: put 'hyperdjango.sessions.middleware' before 'hyperdjango.middleware.csrf' in MIDDLEWARE.",
    );
  }
  return request.session;
}

function sameDomain(host: string, pattern: string): boolean {
  return pattern !== '' && pattern !== '*' && validateHost(host.toLowerCase(), [pattern]);
}

function trustedOrigins() {
  const list = settings.CSRF_TRUSTED_ORIGINS;
  const exact = new Set(list.filter((o) => !o.includes('*')));
  const wildcard = list.filter((o) => o.includes('*')).map((o) => {
    const [scheme, rest = ''] = o.split('://');
    return { scheme, netloc: rest.replace(/^\*/, '') };
  });
  const hosts = list.map((o) => (o.split('://')[1] ?? '').replace(/^\*/, ''));
  return { exact, wildcard, hosts };
}

function originVerified(request: Request, origin: string): boolean {
  if (origin === `${request.scheme}://${request.getHost()}`) return true;
  const trusted = trustedOrigins();
  if (trusted.exact.has(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const scheme = url.protocol.slice(0, -1);
  return trusted.wildcard.some((w) => w.scheme === scheme && sameDomain(url.host, w.netloc));
}

/** Under HTTPS, the Referer must be HTTPS and from this site or a trusted origin (man-in-the-middle defence). */
function refererProblem(request: Request): CsrfRejection | null {
  const referer = request.headers.get('referer');
  if (!referer) return REASON.NO_REFERER;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return REASON.MALFORMED_REFERER;
  }
  if (!url.host) return REASON.MALFORMED_REFERER;
  if (url.protocol !== 'https:') return REASON.INSECURE_REFERER;
  if (trustedOrigins().hosts.some((host) => sameDomain(url.host, host))) return null;
  const domain = settings.CSRF_USE_SESSIONS ? settings.SESSION_COOKIE_DOMAIN : settings.CSRF_COOKIE_DOMAIN;
  let good: string;
  if (domain) {
    const port = request.getHost().split(':')[1];
    good = port && port !== '443' && port !== '80' ? `${domain}:${port}` : domain;
  } else {
    good = request.getHost();
  }
  return sameDomain(url.host, good) ? null : REASON.BAD_REFERER(url.href);
}

async function submittedToken(request: Request): Promise<{ token: string | null; source: string }> {
  if (request.method === 'POST' && ['application/x-www-form-urlencoded', 'multipart/form-data'].includes(request.contentType)) {
    const token = (await request.form()).get('csrfmiddlewaretoken');
    if (token) return { token, source: 'POST' };
  }
  const header = settings.CSRF_HEADER_NAME;
  return { token: request.headers.get(header) ?? null, source: `the '${header}' HTTP header` };
}

/** Null when the request passes; else why it is refused. */
export async function checkRequest(request: Request, view: unknown): Promise<CsrfRejection | null> {
  const state = stateOf(request);
  if (state.processed || SAFE_METHODS.has(request.method) || isExempt(view)) return null;
  if (request.state.dontEnforceCsrfChecks === true) return null;
  const origin = request.headers.get('origin');
  if (origin !== undefined) {
    if (!originVerified(request, origin)) return REASON.BAD_ORIGIN(origin);
  } else if (request.isSecure()) {
    const problem = refererProblem(request);
    if (problem) return problem;
  }
  if (state.badCookie) return REASON.BAD_CSRF_COOKIE(state.badCookie);
  if (!state.arrived) return REASON.NO_CSRF_COOKIE;
  const { token, source } = await submittedToken(request);
  if (!token) return REASON.CSRF_TOKEN_MISSING;
  const problem = formatProblem(token);
  if (problem) return REASON.BAD_CSRF_TOKEN(source, problem);
  if (!tokenMatches(token, state.arrived)) return REASON.CSRF_TOKEN_INCORRECT(source);
  state.processed = true;
  return null;
}

function saveSecret(request: Request, response: BaseResponse, state: CsrfState): void {
  if (!state.needsUpdate || !state.secret) return;
  state.needsUpdate = false;
  const s = settings;
  if (s.CSRF_USE_SESSIONS) {
    const session = requireSession(request);
    if (session.get(CSRF_SESSION_KEY) !== state.secret) session.set(CSRF_SESSION_KEY, state.secret);
    return;
  }
  response.setCookie(s.CSRF_COOKIE_NAME, state.secret, {
    maxAge: s.CSRF_COOKIE_AGE ?? undefined,
    domain: s.CSRF_COOKIE_DOMAIN ?? undefined,
    path: s.CSRF_COOKIE_PATH,
    secure: s.CSRF_COOKIE_SECURE || request.isSecure(),
    httpOnly: s.CSRF_COOKIE_HTTPONLY,
    sameSite: s.CSRF_COOKIE_SAMESITE,
  });
  response.headers.addVary('Cookie');
}

async function protect(request: Request, view: unknown, next: Handler): Promise<BaseResponse> {
  const state = stateOf(request);
  readSecret(request, state);
  const reason = await checkRequest(request, view);
  const response = reason ? await csrfFailure(request, reason) : await next(request);
  saveSecret(request, response, state);
  return response;
}

/** After a safe request: the cookie (or session) is written only when a token was handed out or the secret replaced. */
function finishSafe(request: Request, response: BaseResponse): BaseResponse {
  const state = request.csrfState as CsrfState | undefined;
  if (state !== undefined) saveSecret(request, response, state);
  return response;
}

export const csrfMiddleware: Middleware = (getResponse) => {
  const useSessions = settings.CSRF_USE_SESSIONS;
  const cookieName = settings.CSRF_COOKIE_NAME;
  return (request) => {
    // Safe methods need no view lookup: the common case stays on the fast path.
    if (SAFE_METHODS.has(request.method)) {
      // As Django's process_request: the secret is read up front, so that a malformed
      // or masked cookie is replaced; without one there is nothing to read.
      if (useSessions || request.cookies[cookieName] !== undefined) readSecret(request, stateOf(request));
      const result = getResponse(request);
      return result instanceof BaseResponse ? finishSafe(request, result) : Promise.resolve(result).then((response) => finishSafe(request, response));
    }
    readSecret(request, stateOf(request));
    // The view this request will reach (resolved once, for the handler too); none: the handler answers 404.
    const match = request.resolverMatch;
    if (match === null) return getResponse(request);
    return protect(request, match.func, getResponse);
  };
};

/** Checks CSRF for one view even without the middleware (Django's csrf_protect). */
export function csrfProtect<P extends unknown[]>(view: (request: Request, ...rest: P) => BaseResponse | Promise<BaseResponse>) {
  return wraps(view, (request: Request, ...rest: P): Promise<BaseResponse> => protect(request, undefined, (r) => view(r, ...rest)));
}

/** Makes the view send the CSRF cookie even when its page has no form token (Django's ensure_csrf_cookie). */
export function ensureCsrfCookie<P extends unknown[]>(view: (request: Request, ...rest: P) => BaseResponse | Promise<BaseResponse>) {
  return wraps(view, async (request: Request, ...rest: P): Promise<BaseResponse> => {
    const state = stateOf(request);
    readSecret(request, state);
    getToken(request);
    const response = await view(request, ...rest);
    saveSecret(request, response, state);
    return response;
  });
}
