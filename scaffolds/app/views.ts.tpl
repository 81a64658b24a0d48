// The views of the {{ app_name }} app: functions (or classes) that take a request and
// return a response, wired to URLs in urls.ts.
import type { Request } from 'hyperdjango/http';
import { HttpResponse } from 'hyperdjango/http';

export async function index(request: Request) {
  return new HttpResponse(`Hello from {{ app_name }} at ${request.path}`, { contentType: 'text/plain; charset=utf-8' });
}
