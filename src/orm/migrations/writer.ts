// Writes a migration as a TypeScript file: readable (fields as the same factories
// models use), deterministic (the same operations give the same bytes: no dates, keys
// in a fixed order), and importing from 'hyperdjango/migrations' and, for a default
// that is a function the project exports, from the module that exports it.
import * as path from 'node:path';
import { isCallableDefault, type CallableDefault } from './callable-defaults';
import { MigrationError } from './errors';
import { FIELD_CLASSES, type FieldSpec } from './field-specs';
import type { MigrationKey } from './migration';
import { Operation } from './operations/operation';

export interface MigrationText {
  dependencies: readonly MigrationKey[];
  operations: readonly Operation[];
  initial?: boolean;
  replaces?: readonly MigrationKey[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const WIDTH = 110;

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}'`;
}

function isSpec(value: unknown): value is FieldSpec {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as FieldSpec).type === 'string' && typeof (value as FieldSpec).options === 'object' && (value as FieldSpec).type in FIELD_CLASSES;
}

class Writer {
  readonly imports = new Set<string>(['Migration']);
  /** The project's functions the file imports: local name -> [module specifier, exported name]. */
  readonly functions = new Map<string, [string, string]>();

  /** `dir`: the folder the file goes to, for the import paths of the project's functions. */
  constructor(private readonly dir?: string) {}

  callable(value: CallableDefault): string {
    if ('$code' in value) return value.$code;
    if ('$unserializable' in value) {
      throw new MigrationError(
        `A field's default is ${value.$unserializable === 'an anonymous function' ? value.$unserializable : `the function ${value.$unserializable}`}, which a migration file cannot refer to: export it from a module of the project (such as the app's models.ts) so the migration can import it, or make it an inline factory of literals such as () => [].`,
        { code: 'HYPER_MIGRATION_UNSERIALIZABLE_DEFAULT' },
      );
    }
    if (!('module' in value)) {
      this.imports.add('uuid4');
      return 'uuid4';
    }
    let specifier = this.dir ? path.relative(this.dir, value.module).split(path.sep).join('/') : value.module;
    if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) specifier = `./${specifier}`;
    let local = value.$callable;
    for (let n = 2; this.functions.has(local) && this.functions.get(local)![0] !== specifier; n++) local = `${value.$callable}${n}`;
    if (['Migration', 'fields', 'operations', 'uuid4'].includes(local)) local = `${local}_`;
    this.functions.set(local, [specifier, value.$callable]);
    return local;
  }

  value(value: unknown, indent: string): string {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (typeof value === 'string') return quote(value);
    if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : String(value)) : String(value);
    if (typeof value === 'boolean') return String(value);
    if (value instanceof Date) return `new Date(${quote(value.toISOString())})`;
    if (value instanceof Operation) return this.operation(value, indent);
    if (Array.isArray(value)) return this.list(value.map((item) => this.value(item, indent + '  ')), '[', ']', indent);
    if (typeof value === 'object') {
      if (isCallableDefault(value)) return this.callable(value);
      if (isSpec(value)) return this.field(value, indent);
      const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
      return this.list(entries.map(([key, item]) => `${IDENTIFIER.test(key) ? key : quote(key)}: ${this.value(item, indent + '  ')}`), '{', '}', indent, true);
    }
    throw new MigrationError(`A migration file cannot hold a ${typeof value} (${String(value).slice(0, 60)}): write this operation by hand.`, { code: 'HYPER_MIGRATION_UNSERIALIZABLE_VALUE' });
  }

  /** On one line when it fits, else one item a line. */
  list(items: string[], open: string, close: string, indent: string, spaced = false): string {
    if (!items.length) return `${open}${close}`;
    const pad = spaced ? ' ' : '';
    const line = `${open}${pad}${items.join(', ')}${pad}${close}`;
    if (!line.includes('\n') && indent.length + line.length <= WIDTH) return line;
    return `${open}\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}${close}`;
  }

  /** fields.CharField({ maxLength: 200 }), fields.ForeignKey('blog.Author', { ... }), fields.ArrayField(fields.IntegerField(), { ... }). */
  field(spec: FieldSpec, indent: string): string {
    this.imports.add('fields');
    const { to, baseField, ...rest } = spec.options;
    const args: string[] = [];
    if (to !== undefined) args.push(quote(String(to)));
    if (baseField !== undefined) args.push(this.field(baseField as FieldSpec, indent));
    if (Object.keys(rest).length || to !== undefined) args.push(this.value(rest, indent));
    return `fields.${spec.type}(${args.join(', ')})`;
  }

  operation(operation: Operation, indent: string): string {
    this.imports.add('operations');
    const args = operation.deconstruct();
    if (operation.operationName === 'CreateModel') {
      // One field a line, so that diffs of migration files read like diffs of models.
      const { name, fields, options } = args as { name: string; fields: Array<[string, FieldSpec]>; options?: unknown };
      const inner = indent + '  ';
      const lines = [`${inner}name: ${quote(name)},`, `${inner}fields: [`];
      for (const [fieldName, spec] of fields) lines.push(`${inner}  [${quote(fieldName)}, ${this.field(spec, inner + '  ')}],`);
      lines.push(`${inner}],`);
      if (options !== undefined) lines.push(`${inner}options: ${this.value(options, inner)},`);
      return `operations.CreateModel({\n${lines.join('\n')}\n${indent}})`;
    }
    return `operations.${operation.operationName}(${this.value(args, indent)})`;
  }
}

/** The text of a migration file; `dir` is the folder it goes to (for imports of the project's functions). */
export function writeMigration(migration: MigrationText, options: { dir?: string } = {}): string {
  const writer = new Writer(options.dir);
  const body: string[] = [];
  if (migration.initial) body.push('  initial: true,');
  if (migration.replaces?.length) body.push(`  replaces: ${writer.value(migration.replaces.map((key) => [...key]), '  ')},`);
  body.push(`  dependencies: ${writer.value(migration.dependencies.map((key) => [...key]), '  ')},`);
  const operations = migration.operations.map((operation) => `    ${writer.operation(operation, '    ')},`);
  body.push(operations.length ? `  operations: [\n${operations.join('\n')}\n  ],` : '  operations: [],');
  const names = ['Migration', 'fields', 'operations', 'uuid4'].filter((name) => writer.imports.has(name));
  return [
    '// Generated by hyper makemigrations. Edit with care: the migrations after it build on it.',
    `import { ${names.join(', ')} } from 'hyperdjango/migrations';`,
    ...projectImports(writer.functions),
    '',
    'export default new Migration({',
    ...body,
    '});',
    '',
  ].join('\n');
}

/** One import line per module, names sorted: `import { emptyTags } from '../models';`. */
function projectImports(functions: ReadonlyMap<string, [string, string]>): string[] {
  const byModule = new Map<string, string[]>();
  for (const [local, [specifier, exported]] of functions) byModule.set(specifier, [...(byModule.get(specifier) ?? []), local === exported ? local : `${exported} as ${local}`]);
  return [...byModule].sort(([a], [b]) => a.localeCompare(b)).map(([specifier, names]) => `import { ${names.sort().join(', ')} } from ${quote(specifier)};`);
}
