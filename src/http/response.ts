// Responses: HttpResponse and its kin (JSON, redirects, errors), streaming
// responses over (async) iterables, Server-Sent Events. FileResponse is in
// file-response.ts. Headers are case-insensitive; cookies have secure defaults.
import { type CookieOptions, cookieSigner, serializeCookie } from './cookies';
import { DisallowedRedirect } from './errors';
import { type HeadersInit, PresetHeaders, ResponseHeaders } from './headers';
import { type JsonReplacer, toJson } from './json';

export interface ResponseInit {
  status?: number;
  headers?: HeadersInit;
  contentType?: string;
}

export type Chunk = string | Buffer | Uint8Array;

const NO_INIT: ResponseInit = Object.freeze({});

// Content types repeat from response to response: each one's header line is checked
// and made once (a bounded cache).
const contentTypeLines = new Map<string, PresetHeaders>();

function contentTypeLine(value: string): PresetHeaders {
  let line = contentTypeLines.get(value);
  if (!line) {
    line = new PresetHeaders([['content-type', value]]);
    if (contentTypeLines.size < 64) contentTypeLines.set(value, line);
  }
  return line;
}

export abstract class BaseResponse {
  status: number;
  readonly headers: ResponseHeaders;
  /** Set by the test client and the template shortcut: what render() used. */
  templateName?: string;
  context?: Record<string, unknown>;

  constructor(init: ResponseInit = NO_INIT, defaultType = 'text/html; charset=utf-8') {
    this.status = init.status ?? 200;
    this.headers = new ResponseHeaders(init.headers);
    if (init.contentType) this.headers.setPreset(contentTypeLine(init.contentType));
    else if (defaultType && (init.headers === undefined || !this.headers.has('content-type'))) this.headers.setPreset(contentTypeLine(defaultType));
  }

  abstract readonly streaming: boolean;

  setCookie(name: string, value: string, options: CookieOptions = {}): this {
    this.headers.append('set-cookie', serializeCookie(name, value, options));
    return this;
  }

  /** A cookie whose value is signed (and timestamped): read it back with request.getSignedCookie(). */
  setSignedCookie(name: string, value: string, options: CookieOptions & { salt?: string } = {}): this {
    const { salt, ...cookie } = options;
    return this.setCookie(name, cookieSigner(name, salt).sign(value), cookie);
  }

  deleteCookie(name: string, options: Pick<CookieOptions, 'path' | 'domain' | 'sameSite' | 'secure'> = {}): this {
    this.headers.append('set-cookie', serializeCookie(name, '', { ...options, maxAge: 0, expires: new Date(0) }));
    return this;
  }
}

export class HttpResponse extends BaseResponse {
  readonly streaming = false;
  private bodyValue: string | Buffer;

  constructor(body: string | Buffer | Uint8Array = '', init: ResponseInit = NO_INIT) {
    super(init);
    this.bodyValue = typeof body === 'string' || Buffer.isBuffer(body) ? body : Buffer.from(body);
  }

  /** The body as given (string or Buffer). */
  get body(): string | Buffer {
    return this.bodyValue;
  }

  set body(value: string | Buffer) {
    this.bodyValue = value;
  }

  /** The body as bytes. */
  get content(): Buffer {
    return typeof this.bodyValue === 'string' ? Buffer.from(this.bodyValue, 'utf8') : this.bodyValue;
  }

  get text(): string {
    return typeof this.bodyValue === 'string' ? this.bodyValue : this.bodyValue.toString('utf8');
  }
}

const JSON_INIT: ResponseInit = { contentType: 'application/json' };

export class JsonResponse extends HttpResponse {
  constructor(data: unknown, init?: ResponseInit & { replacer?: JsonReplacer; indent?: number }) {
    // The common call, JsonResponse(data), allocates no options on the way.
    if (init === undefined) super(toJson(data), JSON_INIT);
    else super(toJson(data, { replacer: init.replacer, indent: init.indent }), { ...init, contentType: init.contentType ?? 'application/json' });
  }
}

const ALLOWED_SCHEMES = new Set(['http', 'https', 'ftp', 'mailto', 'tel']);

/** A redirect; the target may be relative. Schemes other than http(s), ftp, mailto and tel are refused with DisallowedRedirect (a 400 when a view lets it escape). */
export class HttpResponseRedirect extends HttpResponse {
  constructor(url: string, init: ResponseInit = {}) {
    super('', { status: 302, ...init });
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.trim());
    if (scheme && !ALLOWED_SCHEMES.has(scheme[1].toLowerCase())) {
      throw new DisallowedRedirect(`Unsafe redirect to URL with protocol '${scheme[1]}'`);
    }
    this.headers.set('location', iriToUri(url));
  }

  get url(): string {
    return this.headers.get('location') ?? '';
  }
}

export class HttpResponsePermanentRedirect extends HttpResponseRedirect {
  constructor(url: string, init: ResponseInit = {}) {
    super(url, { status: 301, ...init });
  }
}

export class HttpResponseNotModified extends HttpResponse {
  constructor(init: ResponseInit = {}) {
    super('', { ...init, status: 304 });
    this.headers.delete('content-type');
  }
}

export class HttpResponseBadRequest extends HttpResponse {
  constructor(body: string | Buffer = '', init: ResponseInit = {}) {
    super(body, { ...init, status: 400 });
  }
}
export class HttpResponseNotFound extends HttpResponse {
  constructor(body: string | Buffer = '', init: ResponseInit = {}) {
    super(body, { ...init, status: 404 });
  }
}
export class HttpResponseForbidden extends HttpResponse {
  constructor(body: string | Buffer = '', init: ResponseInit = {}) {
    super(body, { ...init, status: 403 });
  }
}
export class HttpResponseGone extends HttpResponse {
  constructor(body: string | Buffer = '', init: ResponseInit = {}) {
    super(body, { ...init, status: 410 });
  }
}
export class HttpResponseServerError extends HttpResponse {
  constructor(body: string | Buffer = '', init: ResponseInit = {}) {
    super(body, { ...init, status: 500 });
  }
}
export class HttpResponseNotAllowed extends HttpResponse {
  constructor(allowed: string[], init: ResponseInit = {}) {
    super('', { ...init, status: 405 });
    this.headers.set('allow', allowed.join(', '));
  }
}

/** A body produced piece by piece from an (async) iterable; sent chunked. */
export class StreamingHttpResponse extends BaseResponse {
  readonly streaming = true;
  constructor(
    readonly source: AsyncIterable<Chunk> | Iterable<Chunk>,
    init: ResponseInit = {},
  ) {
    super(init);
  }

  /** Reads the whole stream (tests). */
  async collect(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.source) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(parts);
  }
}

export interface ServerSentEvent {
  data: unknown;
  event?: string;
  id?: string;
  retry?: number;
}

/** Server-Sent Events from an (async) iterable of events or strings; objects are sent as JSON. */
export class EventStreamResponse extends StreamingHttpResponse {
  constructor(events: AsyncIterable<ServerSentEvent | string> | Iterable<ServerSentEvent | string>, init: ResponseInit = {}) {
    super(formatEvents(events), { ...init, contentType: 'text/event-stream; charset=utf-8' });
    this.headers.set('cache-control', 'no-cache');
    this.headers.set('x-accel-buffering', 'no');
  }
}

async function* formatEvents(events: AsyncIterable<ServerSentEvent | string> | Iterable<ServerSentEvent | string>): AsyncIterable<string> {
  for await (const item of events) yield formatEvent(typeof item === 'string' ? { data: item } : item);
}

export function formatEvent(event: ServerSentEvent): string {
  let out = '';
  if (event.event) out += `event: ${oneLine(event.event)}\n`;
  if (event.id !== undefined) out += `id: ${oneLine(event.id)}\n`;
  if (event.retry !== undefined) out += `retry: ${Math.floor(event.retry)}\n`;
  const data = typeof event.data === 'string' ? event.data : toJson(event.data);
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

function oneLine(text: string): string {
  return String(text).replace(/[\r\n]/g, ' ');
}

/** Django's iri_to_uri: percent-encode what may not appear in a URI, keep existing %XX escapes. */
export function iriToUri(iri: string): string {
  return iri.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/gu, (c) => encodeURIComponent(c));
}
