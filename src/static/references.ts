// The references a CSS or JS file makes to other static files: url() and @import in
// CSS, sourceMappingURL comments in both. collectstatic points them at the hashed
// names, so a file cached forever never refers to a stale neighbour.
import * as path from 'node:path';

export interface Reference {
  /** Where the URL text is, in the file. */
  start: number;
  end: number;
  /** The URL as written: 'img/bg.png?v=2'. */
  url: string;
}

const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s][^)\s]*))\s*\)/dgi;
const CSS_IMPORT = /@import\s*(?:"([^"]*)"|'([^']*)')/dgi;
const CSS_SOURCE_MAP = /\/\*[#@]\s*sourceMappingURL=(\S+?)\s*\*\//dg;
const JS_SOURCE_MAP = /^\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/dgm;
const COMMENT = /\/\*[\s\S]*?(?:\*\/|$)/g;

/** The references of a file of this kind ('css' or 'js'), in the order they appear. */
export function findReferences(text: string, kind: 'css' | 'js'): Reference[] {
  const refs: Reference[] = [];
  const add = (match: RegExpExecArray) => {
    const group = match.slice(1).findIndex((value) => value !== undefined) + 1;
    const [start, end] = match.indices![group];
    refs.push({ start, end, url: match[group] });
  };
  if (kind === 'js') {
    for (const match of text.matchAll(JS_SOURCE_MAP)) add(match);
    return refs;
  }
  // url() inside a comment is not a reference, but a source map comment is.
  const comments = [...text.matchAll(COMMENT)].map((m) => [m.index, m.index + m[0].length] as const);
  const inComment = (at: number) => comments.some(([from, to]) => at >= from && at < to);
  for (const re of [CSS_URL, CSS_IMPORT]) {
    for (const match of text.matchAll(re)) if (!inComment(match.index)) add(match);
  }
  for (const match of text.matchAll(CSS_SOURCE_MAP)) add(match);
  return refs.sort((a, b) => a.start - b.start);
}

export interface ResolvedReference {
  /** The static path referred to, decoded: 'img/bg.png'. */
  target: string;
  /** The URL up to its file name's end, as written, and what follows it ('?v=2#x'). */
  written: string;
  suffix: string;
}

/**
 * The static file a URL in `from` refers to, or null when it is not one of ours:
 * data: and other schemes, protocol-relative and absolute URLs outside STATIC_URL,
 * fragments alone. A relative URL climbing above STATIC_URL resolves to a target
 * starting with '../', which no static file has.
 */
export function resolveReference(url: string, from: string, staticUrl: string): ResolvedReference | null {
  const trimmed = url.trim();
  if (trimmed === '' || trimmed.startsWith('#') || /[{}$<>`]/.test(trimmed)) return null;
  const split = trimmed.search(/[?#]/);
  const written = split === -1 ? trimmed : trimmed.slice(0, split);
  const suffix = split === -1 ? '' : trimmed.slice(split);
  if (written === '') return null;
  let target: string;
  if (staticUrl && written.startsWith(staticUrl)) target = written.slice(staticUrl.length);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(written) || written.startsWith('/')) return null;
  else target = path.posix.join(path.posix.dirname(from), written);
  target = path.posix.normalize(target).replace(/^\.\//, '');
  try {
    target = decodeURIComponent(target);
  } catch {
    // A stray '%': look it up as written.
  }
  return { target, written, suffix };
}

/** The text with each reference replaced by what `replace` returns for it (or left when it returns null). */
export function replaceReferences(text: string, refs: readonly Reference[], replace: (ref: Reference) => string | null): string {
  let out = '';
  let at = 0;
  for (const ref of refs) {
    const replacement = replace(ref);
    if (replacement === null) continue;
    out += text.slice(at, ref.start) + replacement;
    at = ref.end;
  }
  return out + text.slice(at);
}
