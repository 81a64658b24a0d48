// 'addr:port' as runserver and serve take it: '8000', '0.0.0.0:8000',
// 'localhost:8000', '[::1]:8000', or just an address.
export interface AddrPort {
  host: string;
  port: number;
}

export function parseAddrPort(text: string | undefined, defaults: AddrPort = { host: '127.0.0.1', port: 8000 }): AddrPort {
  if (!text) return { ...defaults };
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))?(?::?(\d+))?$/.exec(text.trim());
  if (/^\d+$/.test(text.trim())) return { host: defaults.host, port: checkPort(Number(text.trim()), text) };
  if (!m || (!m[1] && !m[2] && !m[3])) throw new TypeError(`'${text}' is not a valid port number or address:port pair.`);
  const host = m[1] ?? m[2] ?? defaults.host;
  const port = m[3] ? checkPort(Number(m[3]), text) : defaults.port;
  if (m[2] && !/^[A-Za-z0-9.-]+$/.test(m[2])) throw new TypeError(`'${text}' is not a valid port number or address:port pair.`);
  return { host: host === '0' ? '0.0.0.0' : host, port };
}

function checkPort(port: number, text: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`'${text}' has an invalid port (0-65535).`);
  return port;
}

export function displayUrl({ host, port }: AddrPort): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}
