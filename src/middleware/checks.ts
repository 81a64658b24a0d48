// Deployment checks of the web layer's security settings (tag 'security', deploy
// only), with Django's ids. Documented in docs/checks.md.
import { register, Tags } from '../checks/registry';
import { CheckError, Warning as CheckWarning, type CheckMessage } from '../checks/messages';

const SECURITY = 'hyperdjango.middleware.security';
const REFERRER = new Set(['no-referrer', 'no-referrer-when-downgrade', 'origin', 'origin-when-cross-origin', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin', 'unsafe-url']);
const COOP = new Set(['unsafe-none', 'same-origin-allow-popups', 'same-origin', 'noopener-allow-popups']);

export function checkSecuritySettings(context: { settings: { values: Record<string, unknown> } }): CheckMessage[] {
  const v = context.settings.values;
  const out: CheckMessage[] = [];
  const middleware = (v.MIDDLEWARE as unknown[]) ?? [];
  const hasSecurity = middleware.includes(SECURITY);
  if (!hasSecurity) {
    out.push(new CheckWarning(`You do not have '${SECURITY}' in your MIDDLEWARE so the SECURE_HSTS_SECONDS, SECURE_CONTENT_TYPE_NOSNIFF, SECURE_REFERRER_POLICY, SECURE_CROSS_ORIGIN_OPENER_POLICY and SECURE_SSL_REDIRECT settings will have no effect.`, { id: 'security.W001' }));
    return out;
  }
  const hsts = Number(v.SECURE_HSTS_SECONDS ?? 0);
  if (!hsts) {
    out.push(new CheckWarning('You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served only over SSL, you may want to consider setting a value and enabling HTTP Strict Transport Security. Be sure to read the documentation first; enabling HSTS carelessly can cause serious, irreversible problems.', { id: 'security.W004' }));
  } else {
    if (!v.SECURE_HSTS_INCLUDE_SUBDOMAINS) out.push(new CheckWarning('You have not set the SECURE_HSTS_INCLUDE_SUBDOMAINS setting to true. Without this, your site is potentially vulnerable to attack via an insecure connection to a subdomain.', { id: 'security.W005' }));
    if (!v.SECURE_HSTS_PRELOAD) out.push(new CheckWarning('You have not set the SECURE_HSTS_PRELOAD setting to true. Without this, your site cannot be submitted to the browser preload list.', { id: 'security.W021' }));
  }
  if (!v.SECURE_CONTENT_TYPE_NOSNIFF) out.push(new CheckWarning('Your SECURE_CONTENT_TYPE_NOSNIFF setting is not set to true, so your pages will not be served with an "X-Content-Type-Options: nosniff" header.', { id: 'security.W006' }));
  if (!v.SECURE_SSL_REDIRECT) out.push(new CheckWarning("Your SECURE_SSL_REDIRECT setting is not set to true. Unless your site should be available over both SSL and non-SSL connections, you may want to either set this setting to true or configure a load balancer or reverse-proxy server to redirect all connections to HTTPS.", { id: 'security.W008' }));
  const referrer = v.SECURE_REFERRER_POLICY as string | null;
  if (!referrer) out.push(new CheckWarning('You have not set the SECURE_REFERRER_POLICY setting. Without this, your site will not send a Referrer-Policy header.', { id: 'security.W022' }));
  else if (referrer.split(',').some((p) => !REFERRER.has(p.trim()))) out.push(new CheckError(`You have set the SECURE_REFERRER_POLICY setting to an invalid value: '${referrer}'.`, { id: 'security.E023', hint: `Valid values are: ${[...REFERRER].join(', ')}.` }));
  const coop = v.SECURE_CROSS_ORIGIN_OPENER_POLICY as string | null;
  if (coop && !COOP.has(coop)) out.push(new CheckError(`You have set the SECURE_CROSS_ORIGIN_OPENER_POLICY setting to an invalid value: '${coop}'.`, { id: 'security.E024', hint: `Valid values are: ${[...COOP].join(', ')}.` }));
  return out;
}

register(checkSecuritySettings, Tags.security, { deploy: true });

const CLICKJACKING = 'hyperdjango.middleware.clickjacking';

export function checkXFrameOptions(context: { settings: { values: Record<string, unknown> } }): CheckMessage[] {
  const v = context.settings.values;
  if (!((v.MIDDLEWARE as unknown[]) ?? []).includes(CLICKJACKING)) {
    return [new CheckWarning(`You do not have '${CLICKJACKING}' in your MIDDLEWARE, so your pages will not be served with an 'x-frame-options' header. Unless there is a good reason for your site to be served in a frame, you should consider enabling this header to help prevent clickjacking attacks.`, { id: 'security.W002', hint: `Add '${CLICKJACKING}' to MIDDLEWARE; exempt the few views meant to be framed with xframeOptionsExempt().` })];
  }
  if (v.X_FRAME_OPTIONS !== 'DENY') {
    return [new CheckWarning(`You have '${CLICKJACKING}' in your MIDDLEWARE, but X_FRAME_OPTIONS is not set to 'DENY'. Unless there is a good reason for your site to serve other parts of itself in a frame, you should change it to 'DENY'.`, { id: 'security.W019', hint: "Set X_FRAME_OPTIONS: 'DENY', and mark the views meant to be framed by this site with xframeOptionsSameorigin()." })];
  }
  return [];
}

register(checkXFrameOptions, Tags.security, { deploy: true });
