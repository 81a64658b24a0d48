// A live server for tests: the real HTTP server (native or node adapter) on a
// free port, running the project's handler.
import { type WebServerOptions, startWebServer } from '../http/serve';
import type { WebHandler } from '../http/handler';
import { installFramework } from '../management/wiring';

export interface LiveServer {
  url: string;
  host: string;
  port: number;
  adapter: 'native' | 'node';
  handler: WebHandler;
  close(): Promise<void>;
}

export async function startLiveServer(options: WebServerOptions = {}): Promise<LiveServer> {
  installFramework();
  const { server, handler, host, port } = await startWebServer({ ...options, port: 0, host: '127.0.0.1' });
  return { url: `http://${host}:${port}`, host, port, adapter: server.adapter, handler, close: () => server.close({ deadline: 2000 }) };
}
