// Server-Timing: the total time of everything inside this middleware, plus any
// entries views added to request.timings ({ name, dur, desc }).
import type { Middleware } from '../http/types';

export const timingMiddleware: Middleware = (getResponse) => async (request) => {
  const start = process.hrtime.bigint();
  const response = await getResponse(request);
  const total = Number(process.hrtime.bigint() - start) / 1e6;
  const parts = request.timings.map((t) => `${t.name.replace(/[^\w-]/g, '_')};dur=${t.dur.toFixed(2)}${t.desc ? `;desc="${t.desc.replace(/["\\\r\n]/g, '')}"` : ''}`);
  parts.push(`total;dur=${total.toFixed(2)}`);
  response.headers.append('server-timing', parts.join(', '));
  return response;
};
