// A record for keys that come from outside (request header names, cookie names):
// nothing above it in the prototype chain, so `__proto__`, `constructor` or
// `toString` are plain keys. Object.create(null) gives the same safety, but V8
// keeps such an object as a dictionary, and adding a key to one can cost a
// runtime call per store (7% of a request's samples in `perf`); objects made by
// this constructor stay in fast mode and share their shapes.
const NullPrototypeRecord = function NullPrototypeRecord() {} as unknown as new () => Record<string, never>;
NullPrototypeRecord.prototype = Object.create(null);

export function nullPrototypeRecord<T>(): Record<string, T> {
  return new NullPrototypeRecord() as Record<string, T>;
}
