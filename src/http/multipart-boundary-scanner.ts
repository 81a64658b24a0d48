// The framing half of the multipart parser: finds the delimiters ("\r\n--boundary")
// in a body that arrives in chunks and says what lies between them, without
// knowing what a part means (that is the part sink's job).
//
// The search is Buffer.indexOf (Node's C++ search) over each chunk where it
// arrived: a chunk is never copied behind the previous one's tail. Only the few
// bytes that could start a delimiter split across two chunks are carried, and
// searched together with the start of the next chunk (the "seam"). Data handed out
// are views into the chunks (sources hand over chunks they no longer write to, as
// streams do), so a body byte is copied at most once, when its part ends.
//
// Use: push(chunk), then call next() until it returns Token.More; after the last
// chunk, `complete` says whether the closing delimiter was seen.
import { malformedMultipart } from './errors';

export const enum Token {
  /** Everything pushed so far is used (or carried): push the next chunk. */
  More,
  /** `data` holds body bytes of the current part (never empty). */
  Data,
  /** A part begins: `head` holds its header block (UTF-8, without the blank line). */
  PartStart,
  /** The current part ends: `data` holds its last bytes (possibly none). */
  PartEnd,
}

const enum State {
  /** Before the first boundary: bytes are counted and dropped. */
  Preamble,
  /** Just past a delimiter: "--" (the end), or transport padding and CRLF (a part). */
  AfterBoundary,
  /** In a part's header block, up to the blank line. */
  Headers,
  /** In a part's body, up to the next delimiter. */
  Body,
  /** Past the closing delimiter: the epilogue is ignored. */
  Done,
}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const MAX_PREAMBLE = 64 * 1024;

export class BoundaryScanner {
  /** Set with Token.Data and Token.PartEnd. */
  data: Buffer = EMPTY;
  /** Set with Token.PartStart. */
  head = '';

  private readonly delimiter: Buffer;
  /** The most bytes of a delimiter that can hide at the end of a chunk. */
  private readonly lookbehind: number;
  private state = State.Preamble;
  private preambleBytes = 0;
  /** The chunk being scanned and how far it is used; EMPTY once next() said More. */
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Unused bytes of the previous chunk, scanned with the next one. The CRLF that starts the delimiter is implied before the first boundary. */
  private carry: Buffer | null = CRLF;
  /** A token found at the seam by push(), returned by the next call of next(). */
  private staged = Token.More;

  constructor(
    boundary: string,
    /** Bytes of one part's header block (and of padding after a boundary). */
    private readonly maxHeader: number,
  ) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
    this.lookbehind = this.delimiter.length - 1;
  }

  /** True once the closing delimiter was seen; a body that ends before it is malformed. */
  get complete(): boolean {
    return this.state === State.Done;
  }

  /** The next chunk of the body; call only once next() has returned Token.More. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const carry = this.carry;
    this.carry = null;
    this.buf = chunk;
    this.pos = 0;
    if (!carry) return;
    if ((this.state === State.Body || this.state === State.Preamble) && chunk.length >= this.lookbehind) {
      // A delimiter that starts in the carried tail ends within the chunk's first
      // `lookbehind` bytes: search that seam rather than copying the chunk.
      const seam = Buffer.concat([carry, chunk.subarray(0, this.lookbehind)]);
      const at = seam.indexOf(this.delimiter);
      if (at < 0) {
        this.staged = this.bodyBytes(carry);
      } else {
        this.staged = this.delimiterFound(carry.subarray(0, at));
        this.pos = at + this.delimiter.length - carry.length;
      }
      return;
    }
    // Part headers (bounded by maxHeader), a boundary's tail, or a chunk too short
    // to hold a seam: small enough to join.
    this.buf = Buffer.concat([carry, chunk]);
  }

  /** Scans on from where the last call stopped and returns what it found. */
  next(): Token {
    if (this.staged !== Token.More) {
      const token = this.staged;
      this.staged = Token.More;
      return token;
    }
    const buf = this.buf;
    for (;;) {
      const pos = this.pos;
      switch (this.state) {
        case State.Preamble:
        case State.Body: {
          const at = buf.indexOf(this.delimiter, pos);
          if (at < 0) {
            // Carry only what could start a delimiter: from a CR within the last bytes.
            const cr = buf.indexOf(0x0d, Math.max(pos, buf.length - this.lookbehind));
            const keep = cr < 0 ? buf.length : cr;
            const token = this.bodyBytes(buf.subarray(pos, keep));
            this.pos = keep;
            this.waitForMore();
            return token;
          }
          this.pos = at + this.delimiter.length;
          const token = this.delimiterFound(buf.subarray(pos, at));
          if (token !== Token.More) return token;
          break;
        }
        case State.AfterBoundary: {
          if (buf.length - pos < 2) return this.waitForMore();
          if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) {
            this.state = State.Done;
            break;
          }
          // Transport padding (spaces, tabs) may follow a boundary.
          let p = pos;
          while (p < buf.length && (buf[p] === 0x20 || buf[p] === 0x09)) p++;
          if (buf.length - p < 2) {
            if (p - pos > this.maxHeader) malformedMultipart('part headers too large');
            return this.waitForMore();
          }
          if (buf[p] !== 0x0d || buf[p + 1] !== 0x0a) malformedMultipart('a boundary not followed by CRLF');
          this.pos = p + 2;
          this.state = State.Headers;
          break;
        }
        case State.Headers: {
          let end: number;
          if (buf.length - pos >= 2 && buf[pos] === 0x0d && buf[pos + 1] === 0x0a) {
            end = pos - 2; // no headers at all: the blank line comes first
          } else {
            end = buf.indexOf(HEADERS_END, pos);
            if (end < 0) {
              if (buf.length - pos > this.maxHeader) malformedMultipart('part headers too large');
              return this.waitForMore();
            }
            if (end - pos > this.maxHeader) malformedMultipart('part headers too large');
          }
          // UTF-8 as browsers send non-ASCII names (RFC 7578 section 5.1).
          this.head = end > pos ? buf.toString('utf8', pos, end) : '';
          this.pos = end + 4;
          this.state = State.Body;
          return Token.PartStart;
        }
        case State.Done:
          this.pos = buf.length;
          return this.waitForMore();
      }
    }
  }

  /** Bytes before a delimiter: preamble bytes are dropped, a part's become its last data. */
  private delimiterFound(before: Buffer): Token {
    const wasBody = this.state === State.Body;
    this.state = State.AfterBoundary;
    if (!wasBody) {
      this.countPreamble(before.length);
      return Token.More;
    }
    this.data = before;
    return Token.PartEnd;
  }

  /** Bytes with no delimiter in them. */
  private bodyBytes(bytes: Buffer): Token {
    if (bytes.length === 0) return Token.More;
    if (this.state === State.Preamble) {
      this.countPreamble(bytes.length);
      return Token.More;
    }
    this.data = bytes;
    return Token.Data;
  }

  private countPreamble(n: number): void {
    this.preambleBytes += n;
    // A body that never names its boundary is not buffered (or scanned) forever.
    if (this.preambleBytes > MAX_PREAMBLE) malformedMultipart('no boundary in the first 64 KiB');
  }

  /** Keeps the chunk's unused bytes for the next push(); next() says More until then. */
  private waitForMore(): Token.More {
    if (this.pos < this.buf.length) this.carry = this.buf.subarray(this.pos);
    this.buf = EMPTY;
    this.pos = 0;
    return Token.More;
  }
}
