// One line per request: method, path, status, duration. runserver has its own
// coloured log; this is for production logs.
import type { Middleware } from '../http/types';

export let requestLogSink: (line: string) => void = (line) => process.stdout.write(`${line}\n`);

export function setRequestLogSink(sink: (line: string) => void): void {
  requestLogSink = sink;
}

export const requestLogMiddleware: Middleware = (getResponse) => async (request) => {
  const start = process.hrtime.bigint();
  const response = await getResponse(request);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // eslint-disable-next-line no-control-regex -- control characters are masked so a path cannot forge log lines
  const path = request.getFullPath().replace(/[\x00-\x1f\x7f]/g, '?');
  requestLogSink(`${new Date().toISOString()} ${request.remoteAddress ?? '-'} "${request.method} ${path}" ${response.status} ${ms.toFixed(1)}ms`);
  return response;
};
