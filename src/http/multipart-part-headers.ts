// A multipart part's header block, read for the two headers RFC 7578 gives
// meaning to: Content-Disposition (the field's name, and a file name for a file)
// and Content-Type (a file's type). Other headers are ignored, as browsers send
// none that matter.
import { malformedMultipart } from './errors';

export interface PartHead {
  name: string;
  /** The client's file name, not yet made safe; null for a plain field. */
  fileName: string | null;
  contentType: string;
}

const DISPOSITION_HEADER = /[ \t]*content-disposition[ \t]*:/iy;
const TYPE_HEADER = /[ \t]*content-type[ \t]*:/iy;
const FORM_DATA = /^form-data\b/i;

/** Reads a header block ("Name: value" lines joined by CRLF); a 400 when it has no form-data disposition with a name. */
export function parsePartHead(head: string): PartHead {
  let disposition = '';
  let contentType = 'application/octet-stream';
  for (let start = 0; start < head.length; ) {
    let end = head.indexOf('\r\n', start);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', start);
    if (colon <= start || colon > end) malformedMultipart('a part header without a colon');
    // Sticky matches at the line's start: no lower-cased copy of every header name.
    if (matchesAt(DISPOSITION_HEADER, head, start)) disposition = head.slice(colon + 1, end).trim();
    else if (matchesAt(TYPE_HEADER, head, start)) contentType = head.slice(colon + 1, end).trim();
    start = end + 2;
  }
  if (!FORM_DATA.test(disposition)) malformedMultipart('a part without Content-Disposition: form-data');
  const params = dispositionParams(disposition);
  if (params.name === undefined) return malformedMultipart('a part without a name');
  const fileName = extendedValue(params.extendedFilename) ?? params.filename ?? null;
  return { name: params.name, fileName, contentType };
}

function matchesAt(re: RegExp, text: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(text);
}

interface DispositionParams {
  name?: string;
  filename?: string;
  /** filename* (RFC 5987: charset'language'percent-encoded). */
  extendedFilename?: string;
}

/**
 * The parameters after `form-data`, read left to right (RFC 6266 syntax): a value is
 * a token or a quoted string with backslash escapes, so a ';' or 'name=' inside a
 * quoted file name is never taken for a parameter. The first of each name counts.
 */
function dispositionParams(value: string): DispositionParams {
  const params: DispositionParams = {};
  // Each search resumes where the last one's answer still lies ahead: linear in the header.
  let eq = -1;
  let i = value.indexOf(';');
  while (i >= 0) {
    i++; // past ';'
    if (eq < i) eq = value.indexOf('=', i);
    if (eq < 0) break;
    const semi = value.indexOf(';', i);
    if (semi >= 0 && semi < eq) {
      i = semi; // a parameter without a value
      continue;
    }
    const key = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (value.charCodeAt(j) === 0x20 || value.charCodeAt(j) === 0x09) j++;
    let text: string;
    if (value.charCodeAt(j) === 0x22) {
      // Quoted string: up to the first unescaped quote (or the end, if unterminated).
      text = '';
      let k = j + 1;
      let quote = value.indexOf('"', k);
      for (let slash = value.indexOf('\\', k); slash >= 0 && (quote < 0 || slash < quote); slash = value.indexOf('\\', k)) {
        text += value.slice(k, slash) + value.charAt(slash + 1);
        k = slash + 2;
        if (quote >= 0 && quote < k) quote = value.indexOf('"', k);
      }
      const close = quote < 0 ? value.length : quote;
      text += value.slice(k, close);
      i = value.indexOf(';', close);
    } else {
      i = value.indexOf(';', j);
      text = value.slice(j, i < 0 ? value.length : i).trim();
    }
    if (key === 'name') params.name ??= text;
    else if (key === 'filename') params.filename ??= text;
    else if (key === 'filename*') params.extendedFilename ??= text;
  }
  return params;
}

function extendedValue(value: string | undefined): string | null {
  if (value === undefined) return null;
  const m = /^[^']*'[^']*'(.*)$/.exec(value);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}
