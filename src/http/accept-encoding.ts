// Accept-Encoding negotiation: which of br and gzip (when available) a client
// takes, by its q-values. Static serving picks between a file's precompressed
// siblings with it, the compression middleware picks its coder. The native static
// table has a C++ twin (native/src/static-negotiate.cc) that must choose the same
// way; test/static/serve-server.test.ts holds both to it.

export type Encoding = 'br' | 'gzip' | 'identity';

/** The q-value of each coding the header names (x-gzip counts as gzip); '*' under its own name. */
function qualities(header: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';');
    let name = rawName.trim().toLowerCase();
    if (!name) continue;
    if (name === 'x-gzip') name = 'gzip';
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param);
      if (!m) continue;
      const value = Number(m[1]);
      q = Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
    }
    if (!out.has(name) || (out.get(name) as number) < q) out.set(name, q);
  }
  return out;
}

/**
 * The coding to send: the available compressed one the client rates highest
 * (q > 0; a tie goes to br, the smaller), else identity. A client that refuses
 * identity too gets identity all the same, as the other static servers do.
 */
export function negotiateEncoding(header: string | undefined, available: { br: boolean; gzip: boolean }): Encoding {
  if (!header || (!available.br && !available.gzip)) return 'identity';
  const q = qualities(header);
  const star = q.get('*');
  const rate = (name: string) => q.get(name) ?? star ?? 0;
  const br = available.br ? rate('br') : 0;
  const gzip = available.gzip ? rate('gzip') : 0;
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}
