// Status lines, shared with native/src/connection.cc: the refusal bytes must be
// identical from both adapters.
import { STATUS_CODES } from 'node:http';

/** Status line, Content-Length: 0, Connection: close — what a refused request gets. */
export function errorResponse(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
}
