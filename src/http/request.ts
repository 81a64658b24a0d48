// Request: a lazy view of one HTTP request. Nothing is parsed until asked for
// (query, cookies, body), and the body is read at most once, within limits.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type HttpConfig, DEFAULT_HTTP_CONFIG } from './config';
import { cookieSigner, parseCookies } from './cookies';
import { BadSignature } from '../signing/errors';
import type { MaxAge } from '../signing/signer';
import { BadRequest, DisallowedHost, RequestDataTooBig } from './errors';
import { splitDomainPort, validateHost } from './host';
import { boundaryOf, parseMultipart } from './multipart';
import { QueryDict } from './query-dict';
import { FileDict } from './uploaded-file';
import { Resolver404, type ResolverMatch, resolve } from '../urls/resolver';

/** What peek() answers for a slot whose value has not been made yet. */
export const PENDING: unique symbol = Symbol('pending');

/** What the request is built on: the server's ServerRequest, or the test client's stand-in. */
export interface RawRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  /** One header by its lower-case name, when the source can find it without building `headers`. */
  header?(lowerName: string): string | undefined;
  readonly body: Buffer | null;
  readonly remoteAddress: string | undefined;
  stream(): Readable;
}

/** Case-insensitive read access to request headers. */
export class RequestHeaders {
  constructor(private readonly raw: Pick<RawRequest, 'headers' | 'header'>) {}
  /** The value of a header given its lower-case name (repeats joined, as in `entries()`). */
  lookup(lowerName: string): string | undefined {
    return this.raw.header ? this.raw.header(lowerName) : this.raw.headers[lowerName];
  }
  get(name: string): string | undefined {
    return this.lookup(name.toLowerCase());
  }
  has(name: string): boolean {
    return this.lookup(name.toLowerCase()) !== undefined;
  }
  entries(): [string, string][] {
    return Object.entries(this.raw.headers);
  }
  toObject(): Record<string, string> {
    return { ...this.raw.headers };
  }
}

/**
 * The types of the slots apps fill on every request, declared by those apps through
 * declaration merging: the sessions app declares `session`, the auth app `user`. A slot
 * no installed app's module declares is `unknown`.
 *
 *   declare module '../../http/request' { interface RequestExtensions { session: SessionBase } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty until an app's declaration merges into it
export interface RequestExtensions {}

type Slot<K extends string> = K extends keyof RequestExtensions ? RequestExtensions[K] : unknown;

export class Request {
  readonly method: string;
  /** The percent-decoded path, starting with '/'. */
  readonly path: string;
  /** The raw query string, without '?'. */
  readonly queryString: string;
  /** The match the server's route table found for this path (urls/route-table), so the resolver need not run. */
  routed: ResolverMatch | null = null;
  /** The view's parameters, set just before the view is called. */
  params: Record<string, unknown> = {};
  // The one resolution of this request's path: its match (undefined until resolved, null
  // for none), and for none the Resolver404, kept for the 404 page.
  private match: ResolverMatch | null | undefined = undefined;
  private notFound: Resolver404 | undefined = undefined;
  private stateValue: Record<string, unknown> | undefined = undefined;
  private timingsValue: Array<{ name: string; dur: number; desc?: string }> | undefined = undefined;
  private headersView: RequestHeaders | undefined = undefined;

  /** `await request.auser()`: the user, as a promise (set by the auth middleware). */
  auser: (() => Promise<Slot<'user'>>) | undefined = undefined;
  /** The CSRF middleware's state of this request (middleware/csrf), made when first needed. */
  csrfState: unknown = undefined;

  /** Set by hyperdjango/ratelimit when a limit with `block: false` was passed: the view decides. */
  limited = false;

  /** Set by the CSP middleware: only then does cspNonce make a nonce. */
  cspEnabled = false;

  // The slots behind `session` and `user`: a value, or a maker run on first read.
  private sessionValue: unknown = undefined;
  private sessionMaker: ((request: Request) => unknown) | undefined = undefined;
  private userValue: unknown = undefined;
  private userMaker: ((request: Request) => unknown) | undefined = undefined;
  private messagesValue: unknown = undefined;
  private messagesMaker: ((request: Request) => unknown) | undefined = undefined;
  private nonce: string | undefined;
  private cachedQuery: QueryDict | undefined;
  private cachedCookies: Record<string, string> | undefined;
  private cachedBody: Promise<Buffer> | undefined;
  private cachedForm: Promise<{ fields: QueryDict; files: FileDict }> | undefined;
  private streamTaken = false;
  private host: string | undefined;

  constructor(
    readonly raw: RawRequest,
    readonly config: HttpConfig = DEFAULT_HTTP_CONFIG,
  ) {
    this.method = raw.method;
    const target = raw.target;
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    this.queryString = q < 0 ? '' : target.slice(q + 1);
    this.path = decodePath(rawPath);
  }

  /**
   * The URL pattern this request's path resolves to: the view (`func`), its name
   * (`viewName`, `urlName`, `namespaces`), its parameters (`params`) and its route;
   * null when no pattern matches (the handler then answers 404). Resolved once, on
   * first read, unless the server's route table already matched it; CSRF, the view
   * call and any middleware share that one answer, so a middleware reads it before
   * calling the next handler, at Django's process_view moment.
   */
  get resolverMatch(): ResolverMatch | null {
    return this.match !== undefined ? this.match : this.resolveRoute();
  }

  /** resolverMatch for the view call: the Resolver404 (with the routes tried, for the 404 page) is thrown. */
  viewMatch(): ResolverMatch {
    const match = this.match !== undefined ? this.match : this.resolveRoute();
    if (match === null) throw this.notFound!;
    return match;
  }

  private resolveRoute(): ResolverMatch | null {
    if (this.routed !== null) return (this.match = this.routed);
    try {
      return (this.match = resolve(this.path));
    } catch (error) {
      // Only 'no match' is an answer to keep; a URLconf that fails to load fails each time.
      if (!(error instanceof Resolver404)) throw error;
      this.notFound = error;
      return (this.match = null);
    }
  }

  // Made on first use: most requests never touch them.
  /** Case-insensitive access to the request headers. */
  get headers(): RequestHeaders {
    return (this.headersView ??= new RequestHeaders(this.raw));
  }

  /** Free-form per-request state for middleware and views. */
  get state(): Record<string, unknown> {
    return (this.stateValue ??= {});
  }

  /** Server-Timing entries (the timing middleware writes them out). */
  get timings(): Array<{ name: string; dur: number; desc?: string }> {
    return (this.timingsValue ??= []);
  }

  /** One header by its lower-case name, straight from the raw request. */
  private header(lowerName: string): string | undefined {
    const raw = this.raw;
    return raw.header ? raw.header(lowerName) : raw.headers[lowerName];
  }

  /** The session (set by the sessions middleware; made on first read when no session cookie arrived). */
  get session(): Slot<'session'> {
    if (this.sessionMaker !== undefined) {
      const make = this.sessionMaker;
      this.sessionMaker = undefined;
      this.sessionValue = make(this);
    }
    return this.sessionValue as Slot<'session'>;
  }

  set session(value: Slot<'session'>) {
    this.sessionMaker = undefined;
    this.sessionValue = value;
  }

  /** The user (set by the auth middleware; made on first read when the session holds no user). */
  get user(): Slot<'user'> {
    if (this.userMaker !== undefined) {
      const make = this.userMaker;
      this.userMaker = undefined;
      this.userValue = make(this);
    }
    return this.userValue as Slot<'user'>;
  }

  set user(value: Slot<'user'>) {
    this.userMaker = undefined;
    this.userValue = value;
  }

  /**
   * The messages of the request (set by the messages middleware, made on first read):
   * undefined without the middleware.
   */
  get messages(): Slot<'messages'> {
    if (this.messagesMaker !== undefined) {
      const make = this.messagesMaker;
      this.messagesMaker = undefined;
      this.messagesValue = make(this);
    }
    return this.messagesValue as Slot<'messages'>;
  }

  set messages(value: Slot<'messages'>) {
    this.messagesMaker = undefined;
    this.messagesValue = value;
  }

  /**
   * Lets the middleware give `session`, `user` or `messages` a value made only when
   * something reads it, so a request that never touches them costs no session work.
   */
  setLazy(slot: 'session' | 'user' | 'messages', make: (request: Request) => unknown): void {
    if (slot === 'session') {
      this.sessionValue = undefined;
      this.sessionMaker = make;
    } else if (slot === 'user') {
      this.userValue = undefined;
      this.userMaker = make;
    } else {
      this.messagesValue = undefined;
      this.messagesMaker = make;
    }
  }

  /** The slot's value if it was set or made, without making it; `pending` when a maker waits. */
  peek(slot: 'session' | 'user' | 'messages'): unknown {
    if (slot === 'session') return this.sessionMaker !== undefined ? PENDING : this.sessionValue;
    if (slot === 'user') return this.userMaker !== undefined ? PENDING : this.userValue;
    return this.messagesMaker !== undefined ? PENDING : this.messagesValue;
  }

  /**
   * This request's Content-Security-Policy nonce (Django's request.csp_nonce), made on
   * first read; '' without the CSP middleware. The policy names it only once read.
   */
  get cspNonce(): string {
    if (!this.cspEnabled) return '';
    return (this.nonce ??= randomBytes(16).toString('base64url'));
  }

  get cspNonceUsed(): boolean {
    return this.nonce !== undefined;
  }

  /** The query string as a QueryDict (repeated keys kept). */
  get query(): QueryDict {
    this.cachedQuery ??= QueryDict.parse(this.queryString, this.config.dataUploadMaxNumberFields);
    return this.cachedQuery;
  }

  /** Django's name for `query`. */
  get GET(): QueryDict {
    return this.query;
  }

  get cookies(): Record<string, string> {
    this.cachedCookies ??= parseCookies(this.header('cookie'));
    return this.cachedCookies;
  }

  /**
   * The value of a cookie set with setSignedCookie(), verified (and not older than
   * maxAge). A missing cookie gives `default` (or undefined); a tampered or expired
   * one gives `default` when one is passed, else throws BadSignature / SignatureExpired.
   */
  getSignedCookie(name: string, options: { default?: string; salt?: string; maxAge?: MaxAge } = {}): string | undefined {
    const value = this.cookies[name];
    if (value === undefined) return options.default;
    try {
      return cookieSigner(name, options.salt).unsign(value, { maxAge: options.maxAge });
    } catch (error) {
      if (error instanceof BadSignature && 'default' in options) return options.default;
      throw error;
    }
  }

  get contentType(): string {
    return (this.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  }

  get remoteAddress(): string | undefined {
    return this.raw.remoteAddress;
  }

  /** The path with the query string, as the client sent it (decoded path). */
  getFullPath(): string {
    return this.queryString ? `${encodePath(this.path)}?${this.queryString}` : encodePath(this.path);
  }

  get scheme(): 'http' | 'https' {
    return this.isSecure() ? 'https' : 'http';
  }

  /** HTTPS as seen by the client: only through SECURE_PROXY_SSL_HEADER (the servers speak plain HTTP). */
  isSecure(): boolean {
    const header = this.config.proxySslHeader;
    if (!header) return false;
    const value = this.header(header[0]);
    if (value === undefined) return false;
    return value.split(',')[0].trim() === header[1];
  }

  /** The validated host (with port when given); DisallowedHost when it is not in ALLOWED_HOSTS. */
  getHost(): string {
    if (this.host !== undefined) return this.host;
    const host = (this.config.useXForwardedHost && this.header('x-forwarded-host')?.split(',')[0].trim()) || this.header('host') || '';
    const verdicts = verdictsOf(this.config);
    if (verdicts.get(host) === true) return (this.host = host);
    const parts = splitDomainPort(host);
    if (!parts) throw new DisallowedHost(`Invalid HTTP_HOST header: ${JSON.stringify(host.slice(0, 100))}. The domain name provided is not valid according to RFC 1034/1035.`);
    if (!validateHost(parts[0], this.config.allowedHosts)) {
      throw new DisallowedHost(`Invalid HTTP_HOST header: '${host.slice(0, 100)}'. You may need to add '${parts[0]}' to ALLOWED_HOSTS.`);
    }
    if (verdicts.size < 256) verdicts.set(host, true);
    this.host = host;
    return host;
  }

  /** An absolute URL for `location` (default: this request's full path). */
  buildAbsoluteUri(location?: string): string {
    const loc = location ?? this.getFullPath();
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(loc)) return loc;
    const base = `${this.scheme}://${this.getHost()}`;
    if (loc.startsWith('//')) return `${this.scheme}:${loc}`;
    if (loc.startsWith('/')) return base + loc;
    return new URL(loc, base + this.getFullPath()).toString();
  }

  /** The raw body as a stream (uploads, proxies); the body can then not be read again. */
  stream(): Readable {
    if (this.cachedBody || this.cachedForm) throw new BadRequest('the request body was already read');
    this.streamTaken = true;
    return this.raw.stream();
  }

  /** The whole body, at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes (413 above it). */
  body(): Promise<Buffer> {
    if (this.streamTaken) return Promise.reject(new BadRequest('the request body stream was already taken'));
    this.cachedBody ??= this.readLimited(this.config.dataUploadMaxMemorySize);
    return this.cachedBody;
  }

  async text(): Promise<string> {
    return (await this.body()).toString('utf8');
  }

  /** The body parsed as JSON; 400 with the parse position when it is not JSON. */
  async json<T = unknown>(): Promise<T> {
    const text = await this.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new BadRequest(`Invalid JSON in the request body: ${(error as Error).message}`);
    }
  }

  /** Form fields: urlencoded or multipart (files go to files()). */
  async form(): Promise<QueryDict> {
    return (await this.parseForm()).fields;
  }

  /** Uploaded files of a multipart body. */
  async files(): Promise<FileDict> {
    return (await this.parseForm()).files;
  }

  /** Django's name: `await request.POST()`. */
  POST(): Promise<QueryDict> {
    return this.form();
  }

  get hasParsedForm(): boolean {
    return this.cachedForm !== undefined;
  }

  /** Removes temporary upload files; the handler calls it when the response is done. */
  async cleanup(): Promise<void> {
    if (!this.cachedForm) return;
    try {
      const { files } = await this.cachedForm;
      for (const file of files.all()) await file.cleanup();
    } catch {
      // the parse failed and cleaned up after itself
    }
  }

  private parseForm(): Promise<{ fields: QueryDict; files: FileDict }> {
    this.cachedForm ??= (async () => {
      const type = this.contentType;
      if (type === 'multipart/form-data') {
        const boundary = boundaryOf(this.header('content-type') ?? '');
        if (!boundary) throw new BadRequest('Malformed multipart body: no boundary in Content-Type.');
        if (this.streamTaken) throw new BadRequest('the request body stream was already taken');
        this.streamTaken = true;
        const source = this.raw.body ? [this.raw.body] : (this.raw.stream() as AsyncIterable<Buffer>);
        return parseMultipart(source, boundary, {
          maxFields: this.config.dataUploadMaxNumberFields,
          maxFiles: this.config.dataUploadMaxNumberFiles,
          maxFieldBytes: this.config.dataUploadMaxMemorySize,
          fileMemorySize: this.config.fileUploadMaxMemorySize,
          tempDir: this.config.fileUploadTempDir,
        });
      }
      if (type === 'application/x-www-form-urlencoded') {
        const text = await this.text();
        return { fields: QueryDict.parse(text, this.config.dataUploadMaxNumberFields), files: new FileDict() };
      }
      return { fields: new QueryDict(), files: new FileDict() };
    })();
    return this.cachedForm;
  }

  private async readLimited(limit: number | null): Promise<Buffer> {
    const declared = Number(this.header('content-length') ?? '');
    if (limit !== null && declared > limit) throw tooBig(limit);
    if (this.raw.body) {
      if (limit !== null && this.raw.body.length > limit) throw tooBig(limit);
      return this.raw.body;
    }
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.raw.stream()) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (limit !== null && size > limit) throw tooBig(limit);
      parts.push(buf);
    }
    return Buffer.concat(parts);
  }
}

// Hosts already found valid, per configuration (a Host header is checked once, not per request).
const hostVerdicts = new WeakMap<HttpConfig, Map<string, boolean>>();
// The last configuration asked about: a server has one, so the WeakMap is rarely consulted.
let lastConfig: HttpConfig | undefined;
let lastVerdicts: Map<string, boolean> | undefined;

function verdictsOf(config: HttpConfig): Map<string, boolean> {
  if (config === lastConfig) return lastVerdicts!;
  let verdicts = hostVerdicts.get(config);
  if (!verdicts) hostVerdicts.set(config, (verdicts = new Map()));
  lastConfig = config;
  lastVerdicts = verdicts;
  return verdicts;
}

function tooBig(limit: number): RequestDataTooBig {
  return new RequestDataTooBig(`Request body exceeded DATA_UPLOAD_MAX_MEMORY_SIZE (${limit} bytes).`);
}

function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw || '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return Buffer.from(raw.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
}

export function encodePath(path: string): string {
  return encodeURI(path).replace(/\?/g, '%3F').replace(/#/g, '%23');
}
