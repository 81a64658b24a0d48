// A server error mailed to ADMINS when DEBUG is off, as Django's AdminEmailHandler
// under its default LOGGING: the error's stack and the request, secrets in headers
// masked. Rate-limited so that an error storm does not become a mail storm: the same
// error (type, message, path) at most once a minute, and at most MAX_PER_MINUTE
// mails a minute in all; the next mail says how many were held back.
import { settings } from '../conf/settings';
import { cleanse, SECRET_HEADER } from '../core/cleanse';
import { defaultLog } from '../http/log';
import type { Request } from '../http/request';
import { mailAdmins } from './send';

export const MAX_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
const state = { windowStart: 0, sent: 0, suppressed: 0, recent: new Map<string, number>() };

/** Forgets what was sent (tests; a process starts with none). */
export function resetErrorMailLimits(): void {
  Object.assign(state, { windowStart: 0, sent: 0, suppressed: 0, recent: new Map<string, number>() });
}

// A decoded path may hold a line break; a subject may not.
const oneLine = (text: string) => text.replace(/\r/g, '\\r').replace(/\n/g, '\\n');

function describe(request: Request, error: unknown, suppressed: number): string {
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const headers = request.headers.entries().map(([name, value]) => `  ${name}: ${String(cleanse(value, name, SECRET_HEADER))}`);
  const lines = [stack, '', `${request.method} ${request.path}${request.queryString ? `?${request.queryString}` : ''}`, 'Headers:', ...headers];
  if (suppressed) lines.push('', `${suppressed} more error ${suppressed === 1 ? 'mail was' : 'mails were'} held back by the rate limit since the last one.`);
  return lines.join('\n');
}

/** Mails ADMINS about a 500 (nothing under DEBUG or without ADMINS); never throws, never waits. */
export function reportToAdmins(request: Request, error: unknown): void {
  if (settings.DEBUG || !(settings.ADMINS as unknown[]).length) return;
  const now = Date.now();
  if (now - state.windowStart >= WINDOW_MS) Object.assign(state, { windowStart: now, sent: 0 });
  const signature = `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} @ ${request.path}`;
  const last = state.recent.get(signature);
  if ((last !== undefined && now - last < WINDOW_MS) || state.sent >= MAX_PER_MINUTE) {
    state.suppressed += 1;
    return;
  }
  if (state.recent.size > 1000) state.recent.clear();
  state.recent.set(signature, now);
  state.sent += 1;
  const body = describe(request, error, state.suppressed);
  state.suppressed = 0;
  const subject = oneLine(`ERROR: Internal Server Error: ${request.path}`).slice(0, 200);
  // Not awaited: the error page must not wait on the SMTP server; a failure is logged.
  void mailAdmins(subject, body).catch((failure: unknown) => defaultLog('error', 'Mailing ADMINS about a server error failed', failure));
}
