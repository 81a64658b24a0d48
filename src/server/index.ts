// The HTTP server layer: the native server (native/, loaded only by binding.ts)
// and the node:http adapter behind one contract, the route table (TS twin of the
// native radix router), limits and their defaults.
export { loadNativeAddon, nativeUnavailableReason } from './binding';
export { RequestBodyError, ResponseError, ServerConfigError } from './errors';
export type { CustomConverter } from './route-pattern';
export { type RouteDefinition, type RouteMatch, RouteTable, allowHeader } from './router';
