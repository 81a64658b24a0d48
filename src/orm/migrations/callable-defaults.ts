// A field's default that is a function, as a migration file can hold it (Django
// serialises a callable as a reference to its module and name): the framework's uuid4;
// a function the project's modules export, which the migration imports; or an inline
// factory of literals (() => [], () => ({}), () => new Date()), written as its source.
// Each is plain data in a field spec, so states compare as before; the function itself
// rides along, not enumerable, for when a historical model needs the value.
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as misc from '../fields/misc';
import { MigrationError } from './errors';

export type CallableDefault =
  | { $callable: 'uuid4' }
  | { $callable: string; module: string }
  | { $code: string }
  | { $unserializable: string };

// The framework's own files (src/ in development, dist/ when installed) are never a project's module.
const FRAMEWORK = path.resolve(__dirname, '..', '..', '..');
const ownFile = (file: string) => !file.includes(`${path.sep}node_modules${path.sep}`) && !file.startsWith(FRAMEWORK + path.sep);

/** A value from another realm (the vm context) counts as a literal when JSON-like or a Date. */
function literal(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(literal);
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') return true;
  if (tag !== '[object Object]') return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === null || Object.getPrototypeOf(prototype) === null) && Object.values(value as object).every(literal);
}

// One empty context for every check, and one answer per source: creating contexts is slow,
// and a loaded machine must not turn the same factory into a different answer.
let sandbox: vm.Context | undefined;
const factories = new Map<string, boolean>();

/** Whether `source` is a function of no free names whose result is a literal: it means the same anywhere. */
function literalFactory(source: string): boolean {
  let answer = factories.get(source);
  if (answer === undefined) {
    sandbox ??= vm.createContext({});
    try {
      // The timeout only stops a loop that never ends.
      answer = literal(vm.runInContext(`(${source})()`, sandbox, { timeout: 5000 }));
    } catch {
      answer = false;
    }
    factories.set(source, answer);
  }
  return answer;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- what typeof === 'function' narrows to; only its identity is used
function exportedBy(fn: Function): { name: string; module: string } | undefined {
  for (const [file, loaded] of Object.entries(require.cache)) {
    if (!loaded || !ownFile(file) || !loaded.exports || typeof loaded.exports !== 'object') continue;
    for (const [name, value] of Object.entries(loaded.exports as Record<string, unknown>)) {
      if (value === fn && name !== 'default') return { name, module: file.replace(/\.(ts|js|mts|cts|mjs|cjs|tsx|jsx)$/, '') };
    }
  }
  return undefined;
}

/** The spec's form of a function default. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- what typeof === 'function' narrows to; only its identity, name and source are read
export function describeCallable(fn: Function): CallableDefault {
  let described: CallableDefault;
  const exported = fn === misc.uuid4 ? undefined : exportedBy(fn);
  if (fn === misc.uuid4) described = { $callable: 'uuid4' };
  else if (exported) described = { $callable: exported.name, module: exported.module };
  else if (literalFactory(fn.toString())) described = { $code: fn.toString() };
  // An arrow written inline takes its name from the `default:` key: that is no name to show.
  else described = { $unserializable: fn.name && fn.name !== 'default' ? fn.name : 'an anonymous function' };
  Object.defineProperty(described, 'fn', { value: fn, enumerable: false });
  // States compare specs as JSON: the same factory formatted another way is no change.
  if ('$code' in described) {
    const code = normalized(described.$code);
    Object.defineProperty(described, 'toJSON', { value: () => ({ $code: code }), enumerable: false });
  }
  return described;
}

/** Source without comments and with spaces only where a word needs one: `() => ( {} )` and `()=>({})` read the same. */
function normalized(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ?([()[\]{},:;=>+\-*/?!<|&]) ?/g, '$1')
    .replace(/;}/g, '}')
    .trim();
}

export function isCallableDefault(value: unknown): value is CallableDefault {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.some((key) => key === '$callable' || key === '$code' || key === '$unserializable') && keys.every((key) => ['$callable', 'module', '$code', '$unserializable'].includes(key));
}

/** The function a described default stands for. */
export function callableOf(described: CallableDefault): () => unknown {
  const fn = (described as { fn?: () => unknown }).fn;
  if (fn) return fn;
  if ('$code' in described) return () => vm.runInNewContext(`(${described.$code})()`, {}, { timeout: 5000 });
  if ('module' in described) return (require(described.module) as Record<string, () => unknown>)[described.$callable];
  if ('$callable' in described && described.$callable === 'uuid4') return misc.uuid4;
  throw new MigrationError(
    `A migration cannot call the default ${JSON.stringify(described)}: write it as { $callable: 'name', module: 'path' } (a function the module exports), { $code: '() => []' } (a factory of literals) or { $callable: 'uuid4' }.`,
    { code: 'HYPER_MIGRATION_UNKNOWN_DEFAULT' },
  );
}
