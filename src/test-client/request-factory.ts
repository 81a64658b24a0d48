// RequestFactory: Requests to hand to a view function directly, without middleware or
// URL resolution (Django's); attach `request.user` or `request.session` yourself.
import { type HttpConfig, DEFAULT_HTTP_CONFIG, httpConfigFromSettings } from '../http/config';
import { settingsConfigured } from '../conf/settings';
import type { Request } from '../http/request';
import { buildRequest, type RequestOptions } from './client';

export class RequestFactory {
  readonly config: HttpConfig;
  readonly defaultHeaders: Record<string, string>;

  constructor(options: { config?: HttpConfig; headers?: Record<string, string> } = {}) {
    const base = options.config ?? (settingsConfigured() ? httpConfigFromSettings() : DEFAULT_HTTP_CONFIG);
    this.config = { ...base, allowedHosts: [...base.allowedHosts, 'testserver'] };
    this.defaultHeaders = options.headers ?? {};
  }

  get(path: string, options: RequestOptions = {}): Request {
    return this.request('GET', path, undefined, options);
  }
  head(path: string, options: RequestOptions = {}): Request {
    return this.request('HEAD', path, undefined, options);
  }
  delete(path: string, options: RequestOptions = {}): Request {
    return this.request('DELETE', path, undefined, options);
  }
  post(path: string, data?: unknown, options: RequestOptions = {}): Request {
    return this.request('POST', path, data, options);
  }
  put(path: string, data?: unknown, options: RequestOptions = {}): Request {
    return this.request('PUT', path, data, options);
  }
  patch(path: string, data?: unknown, options: RequestOptions = {}): Request {
    return this.request('PATCH', path, data, options);
  }

  request(method: string, path: string, data: unknown, options: RequestOptions = {}): Request {
    return buildRequest(method, path, data, { ...options, headers: { ...this.defaultHeaders, ...options.headers } }, this.config);
  }
}
