// How a column's text from PostgreSQL becomes a JS value. One table, used by both
// backends (pg's per-pool `types`, PGlite's parsers), so a row reads the same from a
// server and from the embedded database. The rules (docs/databases.md):
//
//   int2, int4, oid          number
//   int8                     number when it is a safe integer, else the exact string
//   numeric                  string (exact; never through a float)
//   float4, float8           number (NaN and ±Infinity included)
//   bool                     boolean
//   date                     'YYYY-MM-DD' string (a date has no time zone to shift)
//   timestamp, timestamptz   Date (microseconds truncated to milliseconds; a
//                            timestamp without time zone is read as UTC);
//                            'infinity' and '-infinity' stay strings
//   time, timetz, interval   string (intervals in ISO 8601: 'P1DT2H')
//   json, jsonb              the parsed value
//   bytea                    Buffer
//   arrays of these          arrays of the element's value (nested for 2-D)
//   anything else            the text PostgreSQL sends (uuid, inet, text, ...)

export type TypeParser = (text: string) => unknown;

const identity: TypeParser = (text) => text;

const integer: TypeParser = (text) => Number(text);
const float: TypeParser = (text) => Number(text);
const boolean: TypeParser = (text) => text === 't' || text === 'true';

const bigint: TypeParser = (text) => {
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : text;
};

const json: TypeParser = (text) => JSON.parse(text);

const bytea: TypeParser = (text) => {
  if (text.startsWith('\\x')) return Buffer.from(text.slice(2), 'hex');
  return parseByteaEscape(text);
};

// 'YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM[:SS]]][ BC]'; with the session in UTC the
// offset is '+00', but any offset is honoured.
const TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;

const digit = (text: string, index: number) => text.charCodeAt(index) - 48;
const two = (text: string, index: number) => digit(text, index) * 10 + digit(text, index + 1);

/**
 * What a session in UTC sends for nearly every timestamptz, 'YYYY-MM-DD HH:MM:SS[.f{1,6}]+00',
 * read by character codes: four times faster than the general pattern below, which
 * a dump or a large SELECT feels. Anything else (other years, offsets, BC) returns undefined.
 */
function utcTimestamp(text: string): Date | undefined {
  const n = text.length;
  if (n < 22 || n > 29 || text.charCodeAt(n - 3) !== 43 || text.charCodeAt(n - 2) !== 48 || text.charCodeAt(n - 1) !== 48) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(10) !== 32 || (n > 22 && text.charCodeAt(19) !== 46)) return undefined;
  const year = two(text, 0) * 100 + two(text, 2);
  if (year < 100) return undefined; // Date.UTC would read it as 19xx
  const digits = n > 22 ? n - 23 : 0;
  const ms = digits === 0 ? 0 : digit(text, 20) * 100 + (digits > 1 ? digit(text, 21) * 10 : 0) + (digits > 2 ? digit(text, 22) : 0);
  const time = Date.UTC(year, two(text, 5) - 1, two(text, 8), two(text, 11), two(text, 14), two(text, 17), ms);
  return Number.isNaN(time) ? undefined : new Date(time);
}

const timestamp: TypeParser = (text) => {
  const fast = utcTimestamp(text);
  if (fast) return fast;
  const match = TIMESTAMP.exec(text);
  if (!match) return text; // 'infinity', '-infinity'
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om, os, bc] = match;
  let year = Number(y);
  if (bc) year = 1 - year; // 1 BC is year 0 in the proleptic calendar JS uses
  const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  date.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  if (sign) {
    const offset = (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * 1000;
    date.setTime(date.getTime() - (sign === '+' ? offset : -offset));
  }
  return date;
};

/** PostgreSQL type OIDs (pg_type.oid), fixed since forever for the built-in types. */
export const OID = {
  bool: 16, bytea: 17, int8: 20, int2: 21, int4: 23, oid: 26, json: 114,
  float4: 700, float8: 701, date: 1082, time: 1083, timestamp: 1114, timestamptz: 1184,
  interval: 1186, timetz: 1266, numeric: 1700, jsonb: 3802,
} as const;

const SCALARS: Record<number, TypeParser> = {
  [OID.bool]: boolean,
  [OID.bytea]: bytea,
  [OID.int8]: bigint,
  [OID.int2]: integer,
  [OID.int4]: integer,
  [OID.oid]: integer,
  [OID.json]: json,
  [OID.jsonb]: json,
  [OID.float4]: float,
  [OID.float8]: float,
  [OID.timestamp]: timestamp,
  [OID.timestamptz]: timestamp,
};

// Array type OID -> element parser. Element types without a parser are text-like.
const ARRAYS: Record<number, TypeParser> = {
  1000: boolean, 1001: bytea, 1016: bigint, 1005: integer, 1007: integer, 1028: integer,
  199: json, 3807: json, 1021: float, 1022: float, 1115: timestamp, 1185: timestamp,
  1182: identity, 1183: identity, 1270: identity, 1187: identity, 1231: identity,
  1009: identity, 1015: identity, 1014: identity, 1002: identity, 1003: identity,
  2951: identity, 1041: identity, 651: identity, 1040: identity, 3221: identity,
};

/** OID -> parser, for every type that is not returned as its text. */
export const TYPE_PARSERS: Readonly<Record<number, TypeParser>> = Object.freeze({
  ...SCALARS,
  ...Object.fromEntries(Object.entries(ARRAYS).map(([oid, element]) => [oid, (text: string) => parseArray(text, element)])),
});

/** The parser for a type: from the table, or the text unchanged. */
export function typeParser(oid: number): TypeParser {
  return TYPE_PARSERS[oid] ?? identity;
}

/** Parses PostgreSQL's array literal ('{1,2,NULL}', '{{a,b},{"c,d",e}}'). */
export function parseArray(text: string, element: TypeParser): unknown[] {
  let position = 0;
  // An optional dimension decoration: '[0:1]={...}'.
  if (text[0] === '[') position = text.indexOf('=') + 1;

  function parseLevel(): unknown[] {
    const items: unknown[] = [];
    position++; // '{'
    if (text[position] === '}') {
      position++;
      return items;
    }
    for (;;) {
      const char = text[position];
      if (char === '{') {
        items.push(parseLevel());
      } else if (char === '"') {
        let value = '';
        position++;
        while (text[position] !== '"') {
          if (text[position] === '\\') position++;
          value += text[position++];
        }
        position++;
        items.push(element(value));
      } else {
        let end = position;
        while (text[end] !== ',' && text[end] !== '}') end++;
        const raw = text.slice(position, end);
        position = end;
        items.push(raw === 'NULL' ? null : element(raw));
      }
      if (text[position] === ',') {
        position++;
        continue;
      }
      position++; // '}'
      return items;
    }
  }

  return parseLevel();
}

function parseByteaEscape(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      bytes.push(text.charCodeAt(i));
    } else if (text[i + 1] === '\\') {
      bytes.push(92);
      i++;
    } else {
      bytes.push(parseInt(text.slice(i + 1, i + 4), 8));
      i += 3;
    }
  }
  return Buffer.from(bytes);
}
