// createServer(): the one entry the web layer calls. Picks the native adapter
// when the addon loads (or when asked), else node:http, behind one contract.
import { loadNativeAddon } from './binding';
import { ServerConfigError } from './errors';
import { resolveLimits } from './limits';
import { NativeHttpServer } from './native-adapter';
import { NodeHttpServer } from './node-adapter';
import { RouteTable } from './router';
import type { CreateServerOptions, HyperServer } from './server-options';
import { underMount } from './static-mount';

export function createServer(given: CreateServerOptions): HyperServer {
  if (!given || typeof given.handler !== 'function') throw new ServerConfigError('createServer({ handler }) needs a handler function');
  const mount = given.staticMount;
  if (mount && (typeof mount.prefix !== 'string' || !mount.prefix.startsWith('/') || !mount.prefix.endsWith('/') || mount.prefix === '/')) {
    throw new ServerConfigError(`staticMount.prefix must be a path such as '/static/', got ${JSON.stringify(mount.prefix)}`);
  }
  // Static paths are answered before the route table and the handler on both adapters.
  const options: CreateServerOptions = mount
    ? { ...given, handler: (req, res, match) => (underMount(mount, req.path) ? mount.serve(req, res) : given.handler(req, res, match)) }
    : given;
  const adapter = options.adapter ?? 'auto';
  if (!['auto', 'native', 'node'].includes(adapter)) throw new ServerConfigError(`adapter must be 'native', 'node' or 'auto', got ${JSON.stringify(adapter)}`);
  const limits = resolveLimits(options.limits);
  const table = new RouteTable(options.routes ?? [], options.converters ?? {});
  if (adapter === 'node') return new NodeHttpServer(table, limits, options);
  const addon = loadNativeAddon();
  if (!addon) {
    if (adapter === 'native') throw new ServerConfigError('the native adapter was asked for but the addon is unavailable; run npm run build:native');
    return new NodeHttpServer(table, limits, options);
  }
  return new NativeHttpServer(addon, table, limits, options);
}
