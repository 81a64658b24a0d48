// Host header validation against ALLOWED_HOSTS, as Django does it: '*' allows
// any, '.example.com' allows example.com and its subdomains, anything else must
// match exactly (case-insensitively, port ignored).
const HOST = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:[0-9]+)?$/i;

export function splitDomainPort(host: string): [string, string] | null {
  const m = HOST.exec(host.toLowerCase());
  if (!m) return null;
  const domain = m[1].endsWith('.') ? m[1].slice(0, -1) : m[1];
  return [domain, m[2] ? m[2].slice(1) : ''];
}

export function validateHost(domain: string, allowed: readonly string[]): boolean {
  for (const pattern of allowed) {
    if (pattern === '*') return true;
    const p = pattern.toLowerCase();
    if (p.startsWith('.')) {
      if (domain === p.slice(1) || domain.endsWith(p)) return true;
    } else if (domain === p) return true;
  }
  return false;
}
