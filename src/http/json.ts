// JSON for responses: dates as ISO strings, bigints and decimals as strings,
// models through their toJSON(); '<', '>', '&' and the JS line separators escaped
// so the text is safe inside HTML too. Maps and Sets are converted only on the
// replacer path (a bigint in the data, or a replacer given): convert them yourself
// (Object.fromEntries, [...set]) for the fast path.
export type JsonReplacer = (key: string, value: unknown) => unknown;

function replacer(this: unknown, _key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return null;
      if (value instanceof Map) return Object.fromEntries(value);
      if (value instanceof Set) return [...value];
      if (Buffer.isBuffer(value)) return value.toString('base64');
      if (typeof (value as { then?: unknown }).then === 'function') {
        throw new TypeError('cannot serialize a promise or an unevaluated QuerySet to JSON: await it first');
      }
      return value;
    default:
      return value;
  }
}

const UNSAFE = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function toJson(data: unknown, options: { replacer?: JsonReplacer; indent?: number } = {}): string {
  const extra = options.replacer;
  let text: string | undefined;
  if (!extra) {
    // The fast path: plain JSON.stringify (dates and models have toJSON). It throws
    // on a bigint, and then the replacer path below handles bigints, Maps and Sets.
    try {
      text = JSON.stringify(data, null, options.indent);
    } catch (error) {
      if (!(error instanceof TypeError) || !/BigInt/i.test(error.message)) throw error;
    }
  }
  if (text === undefined) {
    const fn = extra ? (key: string, value: unknown) => replacer.call(undefined, key, extra(key, value)) : replacer;
    text = JSON.stringify(data, fn, options.indent);
  }
  if (text === undefined) throw new TypeError(`cannot serialize ${typeof data} to JSON`);
  return UNSAFE.test(text) ? text.replace(UNSAFE, (c) => ESCAPES[c]) : text;
}
