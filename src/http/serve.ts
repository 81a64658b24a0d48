// Running the web handler on the HTTP server (src/server): limits from settings,
// the adapter of choice, and the URL configuration flattened into the server's
// route table (urls/route-table), so most requests arrive resolved.
import { settings, settingsConfigured } from '../conf/settings';
import { createServer } from '../server/create-server';
import type { ServerLimits } from '../server/limits';
import type { HyperServer } from '../server/server-options';
import type { StaticMount } from '../server/static-mount';
import { WebHandler, type WebHandlerOptions } from './handler';
import type { ResponseSink } from './write-response';

export function serverLimitsFromSettings(): Partial<ServerLimits> {
  if (!settingsConfigured()) return {};
  return { maxBodySize: settings.MAX_BODY_SIZE };
}

export interface WebServerOptions extends WebHandlerOptions {
  handler?: WebHandler;
  adapter?: 'native' | 'node' | 'auto';
  limits?: Partial<ServerLimits>;
  /** Static files answered by the server before the handler (`hyper serve`: STATIC_ROOT). */
  staticMount?: StaticMount;
}

/** A server (not yet listening) whose every request goes through the web handler. */
export function createWebServer(options: WebServerOptions = {}): { server: HyperServer; handler: WebHandler } {
  const handler = options.handler ?? new WebHandler(options);
  const routes = handler.serverRoutes();
  const server = createServer({
    adapter: options.adapter ?? 'auto',
    routes: routes ?? undefined,
    limits: { ...serverLimitsFromSettings(), ...options.limits },
    handler: (request, response, match) => handler.serve(request, response as unknown as ResponseSink, match),
    staticMount: options.staticMount,
    onError: (error) => handler.log('error', 'Unhandled error while writing a response', error),
  });
  return { server, handler };
}

export async function startWebServer(options: WebServerOptions & { port: number; host?: string; fd?: number }): Promise<{ server: HyperServer; handler: WebHandler; host: string; port: number }> {
  const { server, handler } = createWebServer(options);
  const address = await server.listen({ port: options.port, host: options.host, fd: options.fd });
  return { server, handler, ...address };
}
