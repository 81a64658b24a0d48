// hyperdjango/middleware: the built-in middleware factories (listed by name in
// MIDDLEWARE, e.g. 'hyperdjango.middleware.security'), their view decorators
// (csrfExempt, xframeOptionsExempt, cspOverride ...) and the loader for MIDDLEWARE
// entries, which the setup path installs under the handler (src/management/wiring.ts).
export { securityMiddleware } from './security';
export { commonMiddleware } from './common';
export { compressionMiddleware } from './compression';
export { corsMiddleware } from './cors';
export { conditionalGetMiddleware } from './conditional-get';
export { timingMiddleware } from './timing';
export { requestLogMiddleware, setRequestLogSink } from './request-log';
export { csrfMiddleware, csrfExempt, csrfProtect, ensureCsrfCookie, getToken, rotateToken } from './csrf';
export { xframeOptionsMiddleware, xframeOptionsDeny, xframeOptionsExempt, xframeOptionsSameorigin } from './clickjacking';
export { cspMiddleware, cspExempt, cspOverride, cspReportOnlyOverride, buildPolicy, CSP, type CspPolicy } from './csp';
export { loadMiddlewareEntry, registerMiddleware } from './load';
export type { Handler, Middleware } from '../http/types';
