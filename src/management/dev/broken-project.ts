// What runserver serves while the project does not load (a syntax error, a
// template that fails the checks, settings that throw): every request is answered
// at once with the error, as modern dev servers do, instead of waiting in the
// socket's queue until the file is fixed. The reloader replaces this process on
// the next change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadedSettings, settingsConfigured } from '../../conf/settings';
import { displayPath } from '../../core/display-path';
import { type SourceLocation, UserCodeError } from '../../core/errors';
import { userFrame } from '../../core/user-frame';
import { createServer } from '../../server/create-server';
import type { HyperServer } from '../../server/server-options';
import { escapeHtml } from '../../http/error-pages';

export interface BrokenProjectReport {
  title: string;
  message: string;
  /** 'file:line:column', when the error points into a file. */
  where?: string;
  /** The lines around it, the offending one marked with '>'. */
  excerpt?: string;
}

export function describeLoadError(error: unknown): BrokenProjectReport {
  const err = error instanceof Error ? error : new Error(String(error));
  const location = err instanceof UserCodeError && err.location ? err.location : (userFrame(err) ?? mentionedFile(err.message));
  const report: BrokenProjectReport = { title: err.name, message: err.message };
  if (location) {
    report.where = `${displayPath(location.file)}:${location.line}${location.column ? `:${location.column}` : ''}`;
    report.excerpt = excerpt(location.file, location.line);
  }
  return report;
}

/** A file:line:col the message names (a check that reports a module's syntax error), when it is a file. */
function mentionedFile(message: string): SourceLocation | undefined {
  for (const match of message.matchAll(/([^\s:'"()]+\.(?:[cm]?ts|tsx|[cm]?js)):(\d+)(?::(\d+))?/g)) {
    const file = path.resolve(match[1]);
    if (fs.existsSync(file)) return { file, line: Number(match[2]), column: match[3] ? Number(match[3]) : undefined };
  }
  return undefined;
}

function excerpt(file: string, line: number): string | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(file, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const from = Math.max(1, line - 3);
  const to = Math.min(lines.length, line + 3);
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${n === line ? '>' : ' '}${String(n).padStart(5)}  ${lines[n - 1]}`);
  return out.join('\n');
}

const NOTE = 'The development server reloads when the file is saved again.';

export function brokenProjectText(report: BrokenProjectReport): string {
  return [`${report.title}: ${report.message}`, report.where && `\n${report.where}`, report.excerpt, `\n${NOTE}\n`].filter(Boolean).join('\n');
}

export function brokenProjectHtml(report: BrokenProjectReport): string {
  const code = report.excerpt
    ? `<pre>${report.excerpt
        .split('\n')
        .map((line) => (line.startsWith('>') ? `<b class="cur">${escapeHtml(line)}</b>` : escapeHtml(line)))
        .join('\n')}</pre>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex,nofollow"><title>${escapeHtml(report.title)}: the project failed to load</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222}header{background:#ffc;padding:12px 20px;border-bottom:1px solid #ddd}h1{font-size:20px;margin:0 0 6px;color:#a00}section{padding:4px 20px}pre{background:#f6f6f6;padding:6px;overflow:auto}.cur{background:#fdd;font-weight:normal;display:inline-block;width:100%}</style></head>
<body><header><h1>${escapeHtml(report.title)}: the project failed to load</h1><pre>${escapeHtml(report.message)}</pre></header>
<section>${report.where ? `<p><code>${escapeHtml(report.where)}</code></p>` : ''}${code}<p>${NOTE}</p></section>
</body></html>
`;
}

/** Whether the error's details may be shown: DEBUG, or settings that did not load at all (runserver is a development server). */
function showDetails(): boolean {
  return !settingsConfigured() || loadedSettings().values.DEBUG === true;
}

/** Serves the error to every request on the reloader's socket (`fd`) or on host:port. */
export async function serveBrokenProject(error: unknown, where: { fd?: number; host: string; port: number }): Promise<HyperServer> {
  const report = describeLoadError(error);
  const details = showDetails();
  const server = createServer({
    adapter: 'auto',
    handler: (request, response) => {
      const html = /text\/html/.test(request.headers.accept ?? '');
      const body = details ? (html ? brokenProjectHtml(report) : brokenProjectText(report)) : 'A server error occurred.\n';
      response.send(500, { 'content-type': `${html && details ? 'text/html' : 'text/plain'}; charset=utf-8`, 'cache-control': 'no-store' }, body);
    },
  });
  await server.listen({ port: where.port, host: where.host, fd: where.fd });
  return server;
}
