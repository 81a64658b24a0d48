// The HTTP server layer: the native server (native/, loaded only by binding.ts)
// and the node:http adapter behind one contract, the route table (TS twin of the
// native radix router), limits and their defaults.
export { loadNativeAddon, nativeUnavailableReason } from './binding';
export { RequestBodyError, ResponseError, ServerConfigError, ServerStartError } from './errors';
export type { CustomConverter } from './route-pattern';
export { type RouteDefinition, type RouteMatch, RouteTable, allowHeader } from './router';
export { createServer } from './create-server';
export { ServerRequest, ServerResponse, type RequestHandler, type ResponseStream } from './contract';
export { DEFAULT_LIMITS, type ServerLimits } from './limits';
export type { HeaderInput } from './headers';
export type { CreateServerOptions, HyperServer, ListenOptions } from './server-options';
export type { NativeStaticEntry, NativeStaticRepresentation, StaticMount } from './static-mount';
export { WorkerPool, type WorkerPoolOptions, serveWorker } from './workers';
