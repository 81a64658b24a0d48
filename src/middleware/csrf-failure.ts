// The answer to a request refused by the CSRF checks: CSRF_FAILURE_VIEW when set;
// else with DEBUG a 403 page saying what failed and how to fix it (Django's CSRF
// failure page), without DEBUG the plain 403 page (403.html) and no details. Each
// refusal is logged as a warning with its reason and code.
import { settings } from '../conf/settings';
import { loadExport } from '../core/module-export';
import { defaultErrorPage, escapeHtml } from '../http/error-pages';
import { defaultLog } from '../http/log';
import type { Request } from '../http/request';
import { BaseResponse, HttpResponse } from '../http/response';

/** Why the CSRF checks refused a request: a stable code (HYPER_CSRF_...) and Django's reason text. */
export interface CsrfRejection {
  code: string;
  reason: string;
}

/** CSRF_FAILURE_VIEW: `reason` as in Django, then the code, which a view written for two arguments ignores. */
type FailureView = (request: Request, reason: string, code: string) => BaseResponse | Promise<BaseResponse>;

function failureView(): FailureView | null {
  const configured = settings.CSRF_FAILURE_VIEW;
  if (configured === null) return null;
  if (typeof configured === 'function') return configured as unknown as FailureView;
  return loadExport(configured, settings.BASE_DIR, { setting: 'CSRF_FAILURE_VIEW' }) as unknown as FailureView;
}

export async function csrfFailure(request: Request, { code, reason }: CsrfRejection): Promise<BaseResponse> {
  defaultLog('warning', `Forbidden (${reason}): ${request.path} [${code}]`);
  const custom = failureView();
  if (custom) return custom(request, reason, code);
  if (!settings.DEBUG) return defaultErrorPage(403, request);
  return new HttpResponse(debugPage(request, { code, reason }), { status: 403 });
}

function debugPage(request: Request, { code, reason }: CsrfRejection): string {
  const noCookie = code === 'HYPER_CSRF_NO_COOKIE';
  const hints = [
    'Your browser is accepting cookies (the token is checked against the <code>csrftoken</code> cookie).',
    'The view passes a <code>request</code> to the template it renders (<code>render(request, ...)</code>), so that <code>{{ csrf_input }}</code> gets a token.',
    'Each POST form aimed at an internal URL contains <code>{{ csrf_input }}</code>; JavaScript sends the token in the <code>X-CSRFToken</code> header (its name is CSRF_HEADER_NAME).',
    'The page was not served from a cache while the token changed: a login rotates it, so a form opened in another tab before logging in fails.',
    "A request from another origin (a separate front end, another subdomain) has that origin in CSRF_TRUSTED_ORIGINS, e.g. <code>'https://*.example.com'</code>.",
    'A view that must accept foreign POSTs (a webhook) is wrapped in <code>csrfExempt(view)</code>.',
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE"><title>403 Forbidden</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#222}header{background:#ffc;padding:12px 20px;border-bottom:1px solid #ddd}h1{font-size:20px;margin:0 0 6px}section{padding:4px 20px}code{background:#f3f3f3;padding:0 3px}</style></head>
<body><header><h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p></header>
<section><h2>Reason given for failure:</h2><pre>    ${escapeHtml(reason)}</pre>
<p>Code: <code>${code}</code></p>
${noCookie ? '<p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties. If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for same-origin requests.</p>' : ''}
<p>In general, this can occur when there is a genuine Cross Site Request Forgery, or when the CSRF mechanism has not been used correctly. For ${escapeHtml(request.method)} ${escapeHtml(request.path)}, check that:</p>
<ul>${hints.map((hint) => `<li>${hint}</li>`).join('\n')}</ul>
<p>You're seeing the help section of this page because you have <code>DEBUG: true</code> in your settings. Change that to false, and only the initial error message will be displayed.</p>
<p>You can customize this page using the CSRF_FAILURE_VIEW setting.</p></section></body></html>
`;
}
