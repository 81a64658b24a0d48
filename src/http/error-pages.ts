// Error pages. With DEBUG: the technical 500 (exception, the view that raised it,
// the template line when it failed while rendering, stack with source lines,
// request, settings with secrets masked) and the technical 404 (patterns tried).
// Without DEBUG: the project's 404.html/500.html/403.html/400.html, or plain
// defaults; never a stack trace or an exception message.
import * as fs from 'node:fs';
import { loadedSettings, settingsConfigured } from '../conf/settings';
import { cleanse, MASK, SECRET_HEADER } from '../core/cleanse';
import { Slot } from '../core/slot';
import { HttpResponse } from './response';
import type { Request } from './request';

const TITLES: Record<number, [string, string]> = {
  400: ['Bad Request', 'The server could not understand the request.'],
  403: ['403 Forbidden', 'You do not have permission to access this resource.'],
  404: ['Not Found', 'The requested resource was not found on this server.'],
  405: ['Method Not Allowed', 'The method is not allowed for the requested URL.'],
  413: ['Request Entity Too Large', 'The request body is too large.'],
  429: ['Too Many Requests', 'Too many requests: wait a moment, then try again.'],
  500: ['Server Error (500)', 'A server error occurred. It has been logged.'],
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// The template engine sits a layer above; the setup path (src/management/wiring.ts)
// installs its renderer here, so 404.html and friends are used once a project is set up.
export type TemplateRenderer = (name: string, context: Record<string, unknown>) => Promise<string>;
export const errorTemplateRenderer = new Slot<TemplateRenderer>('The error page template renderer', 'call setupProject() or installFramework() (hyperdjango/management).');

/** The production page for `status`: the project's template `<status>.html`, else a plain page. */
export async function defaultErrorPage(status: number, request: Request | null, detail?: string): Promise<HttpResponse> {
  const templateRenderer = errorTemplateRenderer.peek();
  if (status !== 405 && templateRenderer) {
    try {
      const html = await templateRenderer(`${status}.html`, { requestPath: request?.path ?? '', request_path: request?.path ?? '' });
      return new HttpResponse(html, { status });
    } catch {
      // no template (or it failed): the plain page below
    }
  }
  const [title, text] = TITLES[status] ?? ['Error', 'An error occurred.'];
  const body = detail ? `<p>${escapeHtml(detail)}</p>` : `<p>${text}</p>`;
  return new HttpResponse(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>\n`, { status });
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}header{background:#ffc;padding:12px 20px;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:18px 0 6px}section{padding:4px 20px}table{border-collapse:collapse;width:100%}
td,th{text-align:left;vertical-align:top;padding:2px 8px;border-bottom:1px solid #eee;font-family:ui-monospace,monospace;font-size:12px}
pre{background:#f6f6f6;padding:6px;overflow:auto;margin:2px 0}.frame{margin:10px 0}.where{font-family:ui-monospace,monospace}.cur{background:#fdd}.err{color:#a00}`;

interface Frame {
  fn: string;
  file: string;
  line: number;
  column: number;
}

export function parseStack(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const raw of stack.split('\n').slice(1)) {
    const line = raw.trim();
    const m = /^at (?:(.+?) \()?((?:\/|[A-Za-z]:\\|file:)[^()]*?):(\d+):(\d+)\)?$/.exec(line);
    if (m) frames.push({ fn: m[1] ?? '<anonymous>', file: m[2], line: Number(m[3]), column: Number(m[4]) });
  }
  return frames;
}

function sourceLines(file: string, line: number): string {
  if (!/\.(ts|tsx|cts|mts|js|cjs|mjs)$/.test(file)) return '';
  try {
    return linesAround(fs.readFileSync(file, 'utf8'), line, 3);
  } catch {
    return '';
  }
}

function linesAround(text: string, line: number, context: number): string {
  const lines = text.split('\n');
  const from = Math.max(1, line - context);
  const to = Math.min(lines.length, line + context);
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    out.push(`<div${n === line ? ' class="cur"' : ''}>${String(n).padStart(5)}  ${escapeHtml(lines[n - 1] ?? '')}</div>`);
  }
  return `<pre>${out.join('')}</pre>`;
}

/** What the template layer attaches to an error raised while rendering (template/errors.ts TemplateFrame). */
interface TemplateFrameLike {
  name: string;
  filename?: string;
  line: number;
  expression: string;
  source?: string;
}

/** The template frame of the error or of one of its causes. */
function templateFrameOf(error: unknown): TemplateFrameLike | null {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const frame = (e as { templateFrame?: TemplateFrameLike }).templateFrame;
    if (frame && typeof frame.name === 'string' && typeof frame.line === 'number') return frame;
  }
  return null;
}

function templateSection(frame: TemplateFrameLike | null): string {
  if (!frame) return '';
  const where = frame.filename ?? frame.name;
  const source = frame.source !== undefined ? linesAround(frame.source, frame.line, 5) : frame.filename ? sourceLines(frame.filename, frame.line) : '';
  return `<section class="template"><h2>Error during template rendering</h2><p>In template <code>${escapeHtml(where)}</code>, error at line <b>${frame.line}</b>${
    frame.filename ? ` (<code>${escapeHtml(frame.name)}</code>)` : ''
  }</p>${frame.expression ? `<pre class="expr">${escapeHtml(frame.expression)}</pre>` : ''}${source}</section>`;
}

function raisedDuring(request: Request | null): string {
  let match;
  try {
    // As Django's technical 500: the view the path resolves to, even when the error came before it.
    match = request?.resolverMatch;
  } catch {
    return ''; // the URLconf itself fails: the error shown is likely that one
  }
  if (!match) return '';
  const fn = match.viewFunctionName && match.viewFunctionName !== match.viewName ? ` (view <code>${escapeHtml(match.viewFunctionName)}</code>)` : '';
  return `<div>Raised during: <b>${escapeHtml(match.viewName)}</b>${fn}, route <code>${escapeHtml(match.route || '(empty)')}</code></div>`;
}

export function maskSettings(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(values).sort()) {
    const value = cleanse(values[name], name);
    let text: string;
    try {
      text = value === MASK ? MASK : JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
    out[name] = text;
  }
  return out;
}

function table(rows: Array<[string, string]>): string {
  if (!rows.length) return '<p>(none)</p>';
  return `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
}

function requestRows(request: Request | null): Array<[string, string]> {
  if (!request) return [];
  const headers = request.headers.entries().map(([k, v]): [string, string] => [k, String(cleanse(v, k, SECRET_HEADER))]);
  return [['method', request.method], ['path', request.path], ['query', request.queryString], ...headers.map(([k, v]): [string, string] => [`header ${k}`, v])];
}

export function technical500(request: Request | null, error: unknown): HttpResponse {
  const err = error instanceof Error ? error : new Error(String(error));
  const frames = parseStack(err.stack ?? '');
  const frameHtml = frames
    .map((f) => `<div class="frame"><div class="where">${escapeHtml(f.file)}:${f.line}:${f.column} in <b>${escapeHtml(f.fn)}</b></div>${sourceLines(f.file.replace(/^file:\/\//, ''), f.line)}</div>`)
    .join('');
  const settingsRows = settingsConfigured() ? Object.entries(maskSettings(loadedSettings().values as Record<string, unknown>)) : [];
  const where = request ? `${escapeHtml(request.method)} ${escapeHtml(request.path)}` : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex,nofollow"><title>${escapeHtml(err.name)} at ${escapeHtml(request?.path ?? '')}</title><style>${STYLE}</style></head>
<body><header><h1 class="err">${escapeHtml(err.name)}${request ? ` at ${escapeHtml(request.path)}` : ''}</h1><pre>${escapeHtml(err.message)}</pre><div>${where}</div>${raisedDuring(request)}</header>
${templateSection(templateFrameOf(error))}
<section><h2>Traceback</h2>${frameHtml || `<pre>${escapeHtml(err.stack ?? String(err))}</pre>`}</section>
<section><h2>Request</h2>${table(requestRows(request))}</section>
<section><h2>Settings</h2>${table(settingsRows)}</section>
<section><p>You're seeing this error because you have <code>DEBUG = true</code> in your settings. Change that to <code>false</code>, and the framework will display a standard page generated by the handler for this status code.</p></section>
</body></html>
`;
  return new HttpResponse(html, { status: 500 });
}

export function technical404(request: Request, error: Error & { triedLabels?: string[] }, urlconf: string | null): HttpResponse {
  const tried = error.triedLabels ?? null;
  const list = tried
    ? `<p>Using the URLconf defined in <code>${escapeHtml(urlconf ?? '(code)')}</code>, the framework tried these URL patterns, in this order:</p><ol>${tried
        .map((label) => `<li><code>${escapeHtml(label || '(empty)')}</code></li>`)
        .join('')}</ol><p>The current path, <code>${escapeHtml(request.path)}</code>, didn't match any of these.</p>`
    : `<pre>${escapeHtml(error.message)}</pre>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex,nofollow"><title>Page not found at ${escapeHtml(request.path)}</title><style>${STYLE}</style></head>
<body><header><h1>Page not found <span>(404)</span></h1><table><tr><th>Request Method:</th><td>${escapeHtml(request.method)}</td></tr><tr><th>Request URL:</th><td>${escapeHtml(request.path)}</td></tr></table></header>
<section>${list}</section>
<section><p>You're seeing this error because you have <code>DEBUG = true</code> in your settings. Change that to <code>false</code>, and the framework will display a standard 404 page.</p></section>
</body></html>
`;
  return new HttpResponse(html, { status: 404 });
}

/** What a new project shows at '/' in DEBUG while its urlpatterns are empty (Django's default page). */
export function welcomePage(): HttpResponse {
  return new HttpResponse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>HyperDjango: the install worked successfully!</title><style>${STYLE}</style></head>
<body><section><h1>The install worked successfully! Congratulations!</h1>
<p>You are seeing this page because <code>DEBUG = true</code> is in your settings file and you have not configured any URLs.</p>
<p>Add a route to <code>urlpatterns</code> in <code>urls.ts</code>: <code>path('', views.home, { name: 'home' })</code>.</p></section></body></html>
`);
}
