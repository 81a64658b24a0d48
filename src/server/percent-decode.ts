// Percent-decoding as the native router does it: %XX becomes the byte, malformed
// escapes stay as they are. The result is a latin1 string (one char per byte), so
// routing works on bytes exactly like the C++ twin.

function hex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Decodes a raw path (latin1/ASCII as it came off the wire) to a byte string. */
export function percentDecodeToBytes(raw: string): string {
  if (!raw.includes('%')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 37 && i + 2 < raw.length) {
      const hi = hex(raw.charCodeAt(i + 1));
      const lo = hex(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out += String.fromCharCode(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += raw[i];
  }
  return out;
}

/** A byte string back to text, invalid UTF-8 becoming U+FFFD (as V8 does for the addon). */
export function bytesToUtf8(bytes: string): string {
  // eslint-disable-next-line no-control-regex -- the class is all of ASCII: such bytes read the same in latin1 and UTF-8
  return /^[\x00-\x7f]*$/.test(bytes) ? bytes : Buffer.from(bytes, 'latin1').toString('utf8');
}
