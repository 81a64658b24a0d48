// Content-Security-Policy (Django 6.0's ContentSecurityPolicyMiddleware): the
// SECURE_CSP and SECURE_CSP_REPORT_ONLY policies become headers, with the request's
// nonce in place of CSP.NONCE when a template or view used request.cspNonce.
// cspOverride()/cspReportOnlyOverride()/cspExempt() change the policy of one view.
import type { CspPolicy } from '../conf/http-settings';
import { settings } from '../conf/settings';
import { BaseResponse } from '../http/response';
import type { Request } from '../http/request';
import type { Middleware } from '../http/types';
import { afterView, type View } from './after-view';

export type { CspPolicy };

/** Source keywords of CSP (quoted as the header needs them), and the nonce placeholder. */
export const CSP = {
  NONE: "'none'",
  REPORT_SAMPLE: "'report-sample'",
  SELF: "'self'",
  STRICT_DYNAMIC: "'strict-dynamic'",
  UNSAFE_EVAL: "'unsafe-eval'",
  UNSAFE_HASHES: "'unsafe-hashes'",
  UNSAFE_INLINE: "'unsafe-inline'",
  WASM_UNSAFE_EVAL: "'wasm-unsafe-eval'",
  /** Replaced by 'nonce-<value>' when the response used request.cspNonce; dropped otherwise. */
  NONCE: '<CSP_NONCE_SENTINEL>',
} as const;

const HEADER = 'content-security-policy';
const REPORT_ONLY_HEADER = 'content-security-policy-report-only';

/** The header value of a policy ('' for none): Django's build_policy. */
export function buildPolicy(policy: CspPolicy, nonce?: string): string {
  const parts: string[] = [];
  for (const [directive, value] of Object.entries(policy)) {
    if (value === false || value === null || value === undefined) continue;
    if (value === true) {
      parts.push(directive);
      continue;
    }
    let sources = typeof value === 'string' ? [value] : value;
    if (sources.includes(CSP.NONCE)) {
      sources = nonce ? sources.map((s) => (s === CSP.NONCE ? `'nonce-${nonce}'` : s)) : sources.filter((s) => s !== CSP.NONCE);
    }
    if (sources.length) parts.push(`${directive} ${sources.join(' ')}`);
  }
  return parts.join('; ');
}

const usesNonce = (policy: CspPolicy) => Object.values(policy).some((v) => v === CSP.NONCE || (Array.isArray(v) && v.includes(CSP.NONCE)));

/** Per-view policies set by the decorators, keyed by response. */
const overrides = new WeakMap<BaseResponse, { enforced?: CspPolicy; reportOnly?: CspPolicy }>();

/** One header: a policy without the nonce is built once; with it, per response that used it. */
function policyWriter(header: string, policy: CspPolicy) {
  const fixed = buildPolicy(policy);
  const nonced = usesNonce(policy);
  return (request: Request, response: BaseResponse, override: CspPolicy | undefined) => {
    if (response.headers.has(header)) return;
    const value = override ? buildPolicy(override, request.cspNonceUsed ? request.cspNonce : undefined) : nonced && request.cspNonceUsed ? buildPolicy(policy, request.cspNonce) : fixed;
    if (value) response.headers.set(header, value);
  };
}

export const cspMiddleware: Middleware = (getResponse) => {
  const enforced = policyWriter(HEADER, settings.SECURE_CSP);
  const reportOnly = policyWriter(REPORT_ONLY_HEADER, settings.SECURE_CSP_REPORT_ONLY);
  const finish = (request: Request, response: BaseResponse) => {
    const override = overrides.get(response);
    enforced(request, response, override?.enforced);
    reportOnly(request, response, override?.reportOnly);
    return response;
  };
  return (request) => {
    request.cspEnabled = true;
    const result = getResponse(request);
    return result instanceof BaseResponse ? finish(request, result) : result.then((response) => finish(request, response));
  };
};

function decorate<P extends unknown[]>(view: View<P>, change: { enforced?: CspPolicy; reportOnly?: CspPolicy }): View<P> {
  return afterView(view, (response) => {
    overrides.set(response, { ...overrides.get(response), ...change });
    return response;
  });
}

/** A new view whose responses get this Content-Security-Policy instead of SECURE_CSP ({} sends none). */
export function cspOverride<P extends unknown[]>(policy: CspPolicy, view: View<P>): View<P>;
export function cspOverride(policy: CspPolicy): <P extends unknown[]>(view: View<P>) => View<P>;
export function cspOverride<P extends unknown[]>(policy: CspPolicy, view?: View<P>) {
  return view ? decorate(view, { enforced: policy }) : (v: View<P>) => decorate(v, { enforced: policy });
}

/** A new view whose responses get this report-only policy instead of SECURE_CSP_REPORT_ONLY. */
export function cspReportOnlyOverride<P extends unknown[]>(policy: CspPolicy, view: View<P>): View<P>;
export function cspReportOnlyOverride(policy: CspPolicy): <P extends unknown[]>(view: View<P>) => View<P>;
export function cspReportOnlyOverride<P extends unknown[]>(policy: CspPolicy, view?: View<P>) {
  return view ? decorate(view, { reportOnly: policy }) : (v: View<P>) => decorate(v, { reportOnly: policy });
}

/** A new view whose responses carry neither CSP header. */
export function cspExempt<P extends unknown[]>(view: View<P>): View<P> {
  return decorate(view, { enforced: {}, reportOnly: {} });
}
