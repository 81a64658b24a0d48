// A real SMTP server for the mail suites (smtp-server), speaking STARTTLS with a
// test-only certificate for localhost and requiring AUTH when asked; what it
// receives is parsed back with mailparser.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export const TEST_CERT = fs.readFileSync(path.join(__dirname, 'fixtures/test-only-cert.pem'));
const TEST_KEY = fs.readFileSync(path.join(__dirname, 'fixtures/test-only-key.pem'));

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
  secure: boolean;
  user: string | undefined;
}

export interface TestSmtpServer {
  port: number;
  received: Received[];
  /** How many TCP connections clients opened. */
  connections: number;
  close(): Promise<void>;
}

export async function startSmtpServer(options: { secure?: boolean; auth?: { user: string; pass: string } } = {}): Promise<TestSmtpServer> {
  const state: TestSmtpServer = { port: 0, received: [], connections: 0, close: async () => undefined };
  const server = new SMTPServer({
    secure: options.secure ?? false,
    key: TEST_KEY,
    cert: TEST_CERT,
    authOptional: !options.auth,
    disabledCommands: options.auth ? [] : ['AUTH'],
    // AUTH only over TLS, as real servers do.
    allowInsecureAuth: false,
    logger: false,
    onConnect(_session, callback) {
      state.connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            state.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
              secure: session.secure,
              user: session.user as string | undefined,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
