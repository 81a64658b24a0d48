// hyperdjango/http: Request, responses, errors, cookies, uploads, the request
// handler (middleware + URL resolution + views) and its bridge to the server. The
// built-in middleware are in hyperdjango/middleware.
export { Request, RequestHeaders, type RawRequest } from './request';
export {
  BaseResponse,
  HttpResponse,
  JsonResponse,
  HttpResponseRedirect,
  HttpResponsePermanentRedirect,
  HttpResponseNotModified,
  HttpResponseBadRequest,
  HttpResponseNotFound,
  HttpResponseForbidden,
  HttpResponseGone,
  HttpResponseServerError,
  HttpResponseNotAllowed,
  StreamingHttpResponse,
  EventStreamResponse,
  formatEvent,
  type ServerSentEvent,
  type ResponseInit,
  type Chunk,
} from './response';
export { FileResponse, contentTypeFor, type FileResponseInit } from './file-response';
export { ResponseHeaders } from './headers';
export { QueryDict } from './query-dict';
export { UploadedFile, FileDict } from './uploaded-file';
export { parseMultipart, boundaryOf, type MultipartLimits } from './multipart';
export { parseCookies, serializeCookie, type CookieOptions } from './cookies';
export { toJson } from './json';
export {
  Http404,
  PermissionDenied,
  Ratelimited,
  SuspiciousOperation,
  DisallowedHost,
  DisallowedRedirect,
  TooManyFieldsSent,
  TooManyFilesSent,
  RequestDataTooBig,
  BadRequest,
} from './errors';
export { WebHandler, defaultLog, type WebHandlerOptions, type LogFunction } from './handler';
export { httpConfigFromSettings, DEFAULT_HTTP_CONFIG, type HttpConfig } from './config';
export { serverLimitsFromSettings, createWebServer, startWebServer, type WebServerOptions } from './serve';
export type { Handler, Middleware } from './types';
// The slots the setup path fills (src/management/wiring.ts; docs/architecture.md).
export { devStatic } from './dev-static';
export { errorTemplateRenderer, type TemplateRenderer } from './error-pages';
export { middlewareLoader, type MiddlewareLoader } from './middleware-entry';
