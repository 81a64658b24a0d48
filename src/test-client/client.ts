// The test client: requests go through the real handler (middleware, URLs, views,
// error pages) without a socket. It keeps cookies, follows redirects on request,
// and logs in as Django's does (login(), forceLogin(), logout()).
import { Readable } from 'node:stream';
import type { HttpConfig } from '../http/config';
import { settings, settingsConfigured } from '../conf/settings';
import type { SessionBase } from '../contrib/sessions/backends/base';
import { FileResponse } from '../http/file-response';
import { WebHandler, type WebHandlerOptions } from '../http/handler';
import { Request, type RawRequest } from '../http/request';
import { type BaseResponse, HttpResponse, StreamingHttpResponse } from '../http/response';
import { parseCookies } from '../http/cookies';
import * as fs from 'node:fs';
import { installFramework } from '../management/wiring';
import { HyperError } from '../core/errors';

export interface FileUpload {
  filename: string;
  content: string | Buffer;
  contentType?: string;
}
export type FormValue = string | number | boolean | FileUpload | Array<string | number | FileUpload>;

export interface RequestOptions {
  query?: Record<string, string | number | string[]>;
  headers?: Record<string, string>;
  follow?: boolean;
  /** 'application/json', 'multipart/form-data', 'application/x-www-form-urlencoded' or any other type with a raw body. */
  contentType?: string;
  secure?: boolean;
}

export class TestResponse {
  redirectChain: Array<[string, number]> = [];
  constructor(
    readonly response: BaseResponse,
    readonly content: Buffer,
    readonly request: Request,
  ) {}
  get status(): number {
    return this.response.status;
  }
  get headers() {
    return this.response.headers;
  }
  get text(): string {
    return this.content.toString('utf8');
  }
  json<T = unknown>(): T {
    return JSON.parse(this.text) as T;
  }
  get url(): string | undefined {
    return this.response.headers.get('location');
  }
  get templateName(): string | undefined {
    return this.response.templateName;
  }
  get context(): Record<string, unknown> | undefined {
    return this.response.context;
  }
}

function isFile(value: unknown): value is FileUpload {
  return typeof value === 'object' && value !== null && 'filename' in value && 'content' in value;
}

export function encodeMultipart(data: Record<string, FormValue>, boundary: string): Buffer {
  const parts: Buffer[] = [];
  for (const [name, raw] of Object.entries(data)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      const safeName = name.replace(/"/g, '%22');
      if (isFile(value)) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${safeName}"; filename="${value.filename.replace(/"/g, '%22')}"\r\nContent-Type: ${value.contentType ?? 'application/octet-stream'}\r\n\r\n`));
        parts.push(typeof value.content === 'string' ? Buffer.from(value.content) : value.content, Buffer.from('\r\n'));
      } else {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${safeName}"\r\n\r\n${String(value)}\r\n`));
      }
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

export class Client {
  readonly handler: WebHandler;
  readonly cookies = new Map<string, string>();
  readonly defaultHeaders: Record<string, string>;
  /** Like Django's client, CSRF checks are skipped unless asked for: `new Client({ enforceCsrfChecks: true })`. */
  readonly enforceCsrfChecks: boolean;

  constructor(options: WebHandlerOptions & { handler?: WebHandler; headers?: Record<string, string>; host?: string; enforceCsrfChecks?: boolean } = {}) {
    this.enforceCsrfChecks = options.enforceCsrfChecks ?? false;
    // MIDDLEWARE names and the project's 404.html as a served project has them.
    installFramework();
    // Like Django's test runner: 'testserver' is an allowed host for the client.
    this.handler = options.handler ?? new WebHandler({ ...options, extraAllowedHosts: ['testserver'] });
    this.defaultHeaders = { host: options.host ?? 'testserver', ...lower(options.headers ?? {}) };
  }

  /**
   * Logs in as Django's client does: the credentials go through authenticate(), and on
   * success a session is saved and its cookie set. False when they are refused.
   */
  async login(credentials: Record<string, unknown>): Promise<boolean> {
    const user = await auth().authenticate(null, credentials);
    if (!user) return false;
    await this.loginAs(user);
    return true;
  }

  /** Logs the user in without credentials (the first backend, unless one is named). */
  async forceLogin(user: object, backend?: string): Promise<void> {
    await this.loginAs(user, backend ?? auth().getBackendPaths()[0]);
  }

  /** Logs out: the session is flushed and the cookies forgotten. */
  async logout(): Promise<void> {
    const request = this.bareRequest();
    const key = this.cookies.get(sessionCookieName());
    request.session = await this.session();
    if (key) request.user = (await auth().getUser(request)) as Request['user'];
    await auth().logout(request);
    this.cookies.clear();
  }

  /** The session of the client's cookie, loaded (a new, unsaved one when there is none). */
  async session(): Promise<SessionBase> {
    const { getSessionStore } = require('../contrib/sessions/engine') as typeof import('../contrib/sessions/engine');
    const Store = getSessionStore();
    const key = this.cookies.get(sessionCookieName());
    const store = new Store(key ?? null);
    if (key) await store.load();
    return store;
  }

  private async loginAs(user: object, backend?: string): Promise<void> {
    const request = this.bareRequest();
    const session = await this.session();
    request.session = session;
    await auth().login(request, user as { pk: unknown }, backend);
    await session.save();
    this.cookies.set(sessionCookieName(), session.sessionKey ?? '');
  }

  private bareRequest(): Request {
    const raw: RawRequest = { method: 'GET', target: '/', headers: { ...this.defaultHeaders }, body: Buffer.alloc(0), remoteAddress: '127.0.0.1', stream: () => Readable.from([]) };
    return new Request(raw, this.handler.config);
  }

  get(path: string, options: RequestOptions = {}) {
    return this.request('GET', path, undefined, options);
  }
  head(path: string, options: RequestOptions = {}) {
    return this.request('HEAD', path, undefined, options);
  }
  options(path: string, options: RequestOptions = {}) {
    return this.request('OPTIONS', path, undefined, options);
  }
  delete(path: string, options: RequestOptions = {}) {
    return this.request('DELETE', path, undefined, options);
  }
  post(path: string, data?: Record<string, FormValue> | string | Buffer | unknown, options: RequestOptions = {}) {
    return this.request('POST', path, data, options);
  }
  put(path: string, data?: unknown, options: RequestOptions = {}) {
    return this.request('PUT', path, data, options);
  }
  patch(path: string, data?: unknown, options: RequestOptions = {}) {
    return this.request('PATCH', path, data, options);
  }
  /** A JSON body with the given method. */
  json(method: string, path: string, data: unknown, options: RequestOptions = {}) {
    return this.request(method, path, data, { ...options, contentType: 'application/json' });
  }

  async request(method: string, path: string, data: unknown, options: RequestOptions = {}): Promise<TestResponse> {
    let response = await this.once(method, path, data, options);
    if (!options.follow) return response;
    const chain: Array<[string, number]> = [];
    while ([301, 302, 303, 307, 308].includes(response.status) && response.url) {
      const location = response.url;
      chain.push([location, response.status]);
      if (chain.length > 20) throw new RedirectCycleError(`Redirect loop: ${chain.map((c) => c[0]).join(' -> ')}. Follow fewer redirects (follow: false) to see where it starts.`, chain);
      const target = new URL(location, `http://testserver${path}`);
      const keep = response.status === 307 || response.status === 308;
      path = target.pathname + target.search;
      response = await this.once(keep ? method : method === 'HEAD' ? 'HEAD' : 'GET', path, keep ? data : undefined, { ...options, query: undefined, contentType: keep ? options.contentType : undefined });
    }
    response.redirectChain = chain;
    return response;
  }

  private async once(method: string, path: string, data: unknown, options: RequestOptions): Promise<TestResponse> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...lower(options.headers ?? {}) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
    const request = buildRequest(method, path, data, { ...options, headers }, this.handler.config);
    // The marker the CSRF middleware honours; only code can set it, never a request.
    if (!this.enforceCsrfChecks) request.state.dontEnforceCsrfChecks = true;
    const response = await this.handler.handle(request);
    const content = method === 'HEAD' ? Buffer.alloc(0) : await readContent(request, response);
    await request.cleanup();
    for (const line of response.headers.getAll('set-cookie')) this.storeCookie(line);
    return new TestResponse(response, content, request);
  }

  private storeCookie(line: string): void {
    const [pair, ...attrs] = line.split(';');
    const [name, value] = Object.entries(parseCookies(pair))[0] ?? [];
    if (!name) return;
    const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** A Request as the server would build it for this method, path, body and options. */
export function buildRequest(method: string, path: string, data: unknown, options: RequestOptions, config: HttpConfig): Request {
  const headers: Record<string, string> = { host: 'testserver', ...lower(options.headers ?? {}) };
  if (options.secure) headers['x-forwarded-proto'] = 'https';
  let body: Buffer = Buffer.alloc(0);
  if (data !== undefined) {
    let type = options.contentType;
    if (Buffer.isBuffer(data) || typeof data === 'string') {
      body = Buffer.isBuffer(data) ? data : Buffer.from(data);
      type ??= 'application/octet-stream';
    } else if (type === 'application/json') {
      body = Buffer.from(JSON.stringify(data));
    } else {
      const record = data as Record<string, FormValue>;
      const hasFile = Object.values(record).some((v) => isFile(v) || (Array.isArray(v) && v.some(isFile)));
      if (type === 'multipart/form-data' || (!type && hasFile)) {
        const boundary = `----hyperTestBoundary${Math.random().toString(16).slice(2)}`;
        body = encodeMultipart(record, boundary);
        type = `multipart/form-data; boundary=${boundary}`;
      } else {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(record)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
        body = Buffer.from(params.toString());
        type ??= 'application/x-www-form-urlencoded';
      }
    }
    headers['content-type'] = type;
    headers['content-length'] = String(body.length);
  }
  let target = path;
  if (options.query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(options.query)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
    target += (target.includes('?') ? '&' : '?') + params.toString();
  }
  const raw: RawRequest = { method, target, headers, body, remoteAddress: '127.0.0.1', stream: () => Readable.from([body]) };
  return new Request(raw, config);
}

/** The auth functions, loaded on first use: a project without the auth app never loads them. */
function auth(): typeof import('../contrib/auth/login') & { getBackendPaths(): string[] } {
  const login = require('../contrib/auth/login') as typeof import('../contrib/auth/login');
  const { getBackendsWithPaths } = require('../contrib/auth/backends') as typeof import('../contrib/auth/backends');
  return { ...login, getBackendPaths: () => getBackendsWithPaths().map((entry) => entry.path) };
}

function sessionCookieName(): string {
  return settingsConfigured() ? settings.SESSION_COOKIE_NAME : 'sessionid';
}

async function readContent(request: Request, response: BaseResponse): Promise<Buffer> {
  if (response instanceof HttpResponse) return response.content;
  if (response instanceof FileResponse) {
    await response.prepare(request);
    if (!response.sendBody) return Buffer.alloc(0);
    const handle = await fs.promises.open(response.file, 'r');
    try {
      const buf = Buffer.alloc(response.length);
      await handle.read(buf, 0, buf.length, response.start);
      return buf;
    } finally {
      await handle.close();
    }
  }
  if (response instanceof StreamingHttpResponse) return response.collect();
  return Buffer.alloc(0);
}

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** `follow: true` went round more than 20 redirects (Django's RedirectCycleError); `chain` holds them. */
export class RedirectCycleError extends HyperError {
  constructor(
    message: string,
    readonly chain: ReadonlyArray<readonly [string, number]>,
  ) {
    super('HYPER_TEST_REDIRECT_LOOP', message);
  }
}
