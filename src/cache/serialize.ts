// Values go into every cache as JSON text (never code: nothing stored is evaluated),
// with a tagged form for what JSON lacks: Date, bigint, Buffer, Map, Set, undefined.
// A plain object that happens to have the tag's key is wrapped so it reads back as it was.
// Decimals are strings in this framework's ORM (DecimalField), so they need no tag.
import { CacheError } from './errors';

const TAG = '__hyper';
type Tagged = { [TAG]: string; v?: unknown };

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function encode(value: unknown, where: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new CacheError(`Cannot cache ${String(value)} at ${where}: JSON has no such number. Store null or a string.`, { code: 'HYPER_CACHE_UNSERIALIZABLE' });
      return value;
    case 'bigint':
      return { [TAG]: 'bigint', v: value.toString() };
    case 'undefined':
      return { [TAG]: 'undefined' };
    case 'object':
      break;
    default:
      throw new CacheError(`Cannot cache a ${typeof value} at ${where}: values are stored as JSON. Store plain data (objects, arrays, strings, numbers, Dates).`, { code: 'HYPER_CACHE_UNSERIALIZABLE' });
  }
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item, i) => encode(item, `${where}[${i}]`));
  if (value instanceof Date) return { [TAG]: 'date', v: Number.isNaN(value.getTime()) ? null : value.toISOString() };
  if (Buffer.isBuffer(value)) return { [TAG]: 'buffer', v: value.toString('base64') };
  if (value instanceof Map) return { [TAG]: 'map', v: [...value].map(([k, v], i) => [encode(k, `${where}.key(${i})`), encode(v, `${where}.get(${i})`)]) };
  if (value instanceof Set) return { [TAG]: 'set', v: [...value].map((item, i) => encode(item, `${where}(${i})`)) };
  if (!isPlain(value)) {
    const name = (value.constructor as { name?: string } | undefined)?.name ?? 'object';
    throw new CacheError(`Cannot cache a ${name} at ${where}: only plain objects, arrays, Dates, bigints, Buffers, Maps and Sets are stored, and a ${name} would not read back as one. Cache its data instead (e.g. a model's toJSON()).`, { code: 'HYPER_CACHE_UNSERIALIZABLE' });
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encode(v, `${where}.${k}`);
  return TAG in out ? { [TAG]: 'object', v: out } : out;
}

function decode(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  if (typeof record[TAG] === 'string') {
    const tagged = record as Tagged;
    switch (tagged[TAG]) {
      case 'bigint':
        return BigInt(tagged.v as string);
      case 'undefined':
        return undefined;
      case 'date':
        return new Date(tagged.v === null ? NaN : (tagged.v as string));
      case 'buffer':
        return Buffer.from(tagged.v as string, 'base64');
      case 'map':
        return new Map((tagged.v as [unknown, unknown][]).map(([k, v]) => [decode(k), decode(v)]));
      case 'set':
        return new Set((tagged.v as unknown[]).map(decode));
      case 'object':
        return decodeObject(tagged.v as Record<string, unknown>);
    }
  }
  return decodeObject(record);
}

function decodeObject(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = decode(v);
  return out;
}

/** The JSON text a value is stored as. */
export function serialize(value: unknown): string {
  // Strings and numbers are most of what is cached: they need no walk. A number stays
  // bare JSON so that Redis INCRBY and the database's integer update can add to it.
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  // Most values are plain JSON: one native pass that only watches for what needs a tag
  // (or an error); the walk that builds the tagged copy runs only for those.
  let special = false;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    if (special) return null;
    const original = this[key];
    if (typeof original === 'object' && original !== null) {
      if (Array.isArray(original) ? false : !isPlain(original) || TAG in original) special = true;
    } else if (original === undefined || typeof original === 'bigint' || typeof original === 'function' || typeof original === 'symbol' || (typeof original === 'number' && !Number.isFinite(original))) {
      special = true;
    }
    return special ? null : converted;
  });
  return special || text === undefined ? JSON.stringify(encode(value, 'value')) : text;
}

/** The value a stored text stands for; `key` names it in the error when the text is not ours. */
export function deserialize(text: string, key: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CacheError(`The cached value of '${key}' is not JSON written by this cache (${(error as Error).message}); delete the key or clear the cache.`, { code: 'HYPER_CACHE_CORRUPT', cause: error });
  }
  // Only text holding the tag's key has anything to revive: the rest is plain JSON.
  return text.includes(`"${TAG}"`) ? decode(parsed) : parsed;
}
