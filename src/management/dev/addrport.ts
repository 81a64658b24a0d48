// 'addr:port' as runserver and serve take it: '8000', '0.0.0.0:8000',
// 'localhost:8000', '[::1]:8000', or just an address.
import { InvalidArgument } from '../../core/errors';

export interface AddrPort {
  host: string;
  port: number;
}

export function parseAddrPort(text: string | undefined, defaults: AddrPort = { host: '127.0.0.1', port: 8000 }): AddrPort {
  if (!text) return { ...defaults };
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))?(?::?(\d+))?$/.exec(text.trim());
  if (/^\d+$/.test(text.trim())) return { host: defaults.host, port: checkPort(Number(text.trim()), text) };
  if (!m || (!m[1] && !m[2] && !m[3])) throw notAddrPort(text);
  const host = m[1] ?? m[2] ?? defaults.host;
  const port = m[3] ? checkPort(Number(m[3]), text) : defaults.port;
  if (m[2] && !/^[A-Za-z0-9.-]+$/.test(m[2])) throw notAddrPort(text);
  return { host: host === '0' ? '0.0.0.0' : host, port };
}

function checkPort(port: number, text: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgument('HYPER_ADDRPORT_BAD_PORT', `'${text}' has an invalid port: use a port from 0 to 65535, e.g. 8000 or 0.0.0.0:8000.`);
  return port;
}

function notAddrPort(text: string): InvalidArgument {
  return new InvalidArgument('HYPER_ADDRPORT_INVALID', `'${text}' is not a valid port number or address:port pair: use e.g. 8000, 0.0.0.0:8000 or [::1]:8000.`);
}

export function displayUrl({ host, port }: AddrPort): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}
