// An upload the client abandons (FIN before the declared Content-Length) must be
// aborted at once: the temporary file it spilled to is removed and its
// descriptor closed within a second, not at the body timeout. Both adapters,
// real sockets, through the web layer's multipart parser.
import * as fs from 'node:fs';
import * as net from 'node:net';
import { resetSettings } from '../../src/conf/settings';
import { encodeMultipart, startLiveServer, type LiveServer } from '../../src/test-client';
import { setUrlconf } from '../../src/urls';
import { setupWeb } from '../http/support';
import { makeTempDir, removeDir } from '../support/temp-project';

/** Polls `check` every 20 ms for up to `ms`. */
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const stop = Date.now() + ms;
  while (Date.now() < stop) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

describe.each(['native', 'node'] as const)('%s adapter: aborted uploads', (adapter) => {
  let server: LiveServer;
  let tempDir = '';
  beforeAll(async () => {
    tempDir = makeTempDir('hyper-aborted-');
    setupWeb({ DEBUG: false, FILE_UPLOAD_MAX_MEMORY_SIZE: 1024, MAX_BODY_SIZE: 8 * 1024 * 1024, FILE_UPLOAD_TEMP_DIR: tempDir });
    server = await startLiveServer({ adapter, log: () => undefined, middleware: ['hyperdjango.middleware.common'] });
    expect(server.adapter).toBe(adapter);
  });
  afterAll(async () => {
    await server.close();
    setUrlconf(null);
    resetSettings();
    removeDir(tempDir);
  });

  test('a client that ends its socket halfway: the temporary file is gone within a second', async () => {
    const boundary = 'abortBoundary42';
    const body = encodeMultipart({ title: 'x', upload: { filename: 'big.bin', content: Buffer.alloc(2 * 1024 * 1024, 'u') } }, boundary);
    const socket = net.connect({ port: server.port, host: '127.0.0.1' });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.on('error', () => {});
    socket.write(
      `POST /form/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.subarray(0, body.length / 2));
    // The upload has spilled to disk before the client gives up.
    expect(await until(() => fs.readdirSync(tempDir).length > 0, 5000)).toBe(true);
    const ended = Date.now();
    socket.end();
    expect(await until(() => fs.readdirSync(tempDir).length === 0, 1000)).toBe(true);
    expect(Date.now() - ended).toBeLessThan(1100);
    // Nor is a descriptor left open on it (Linux: this process's fd table).
    if (fs.existsSync('/proc/self/fd')) {
      const open = fs.readdirSync('/proc/self/fd').map((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      });
      expect(open.filter((target) => target.startsWith(tempDir))).toEqual([]);
    }
    socket.destroy();
  });
});
