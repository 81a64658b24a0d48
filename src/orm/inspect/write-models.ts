// A models.ts from introspected tables: one model a table (dbTable kept), one field a
// column, typed from the PostgreSQL type, foreign keys as ForeignKey (OneToOneField when
// unique) to the model of the table they reference. What the ORM has no field for is
// written as a TextField with a comment to check.
import type { ColumnInfo, TableInfo } from './introspect';

// The ORM deletes related rows itself (onDelete), the database only checks keys: a
// database action other than NO ACTION is noted for the reader to choose onDelete by.
const DATABASE_ON_DELETE: Record<string, string> = { c: 'CASCADE', n: 'SET NULL', r: 'RESTRICT', d: 'SET DEFAULT' };

/** 'blog_post' -> 'BlogPost' (as Django's inspectdb names them). */
export function modelName(table: string): string {
  const name = table
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return /^[0-9]/.test(name) ? `T${name}` : name || 'Table';
}

const camel = (column: string) => {
  const name = column.toLowerCase().replace(/[^a-z0-9]+([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
  return /^[0-9]/.test(name) ? `f${name}` : name || 'field';
};
const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

interface FieldCode {
  name: string;
  code: string;
  comment?: string;
}

/** The factory call for a column's type, with the options the type needs. */
function typed(type: string, options: string[]): { factory: string; options: string[]; comment?: string } {
  const array = /^(.*)\[\]$/.exec(type);
  if (array) {
    const base = typed(array[1], []);
    return { factory: `ArrayField(${base.factory}(${base.options.length ? `{ ${base.options.join(', ')} }` : ''}), `, options, comment: base.comment };
  }
  const varchar = /^character varying\((\d+)\)$/.exec(type);
  if (varchar) return { factory: 'CharField', options: [`maxLength: ${varchar[1]}`, ...options] };
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(type);
  if (numeric) return { factory: 'DecimalField', options: [`maxDigits: ${numeric[1]}`, `decimalPlaces: ${numeric[2]}`, ...options] };
  const simple: Record<string, string> = {
    integer: 'IntegerField',
    smallint: 'SmallIntegerField',
    bigint: 'BigIntegerField',
    text: 'TextField',
    boolean: 'BooleanField',
    'double precision': 'FloatField',
    date: 'DateField',
    'timestamp with time zone': 'DateTimeField',
    'time without time zone': 'TimeField',
    interval: 'DurationField',
    uuid: 'UUIDField',
    jsonb: 'JSONField',
    bytea: 'BinaryField',
    inet: 'GenericIPAddressField',
  };
  if (simple[type]) return { factory: simple[type], options };
  const near: Record<string, [string, string]> = {
    real: ['FloatField', 'real in the database: FloatField makes double precision'],
    'character varying': ['TextField', 'varchar without a length: TextField makes text'],
    json: ['JSONField', 'json in the database: JSONField makes jsonb'],
    'timestamp without time zone': ['DateTimeField', 'timestamp without time zone: DateTimeField makes timestamptz under USE_TZ'],
    numeric: ['FloatField', 'numeric without precision: give a DecimalField its maxDigits and decimalPlaces'],
  };
  if (near[type]) return { factory: near[type][0], options, comment: near[type][1] };
  return { factory: 'TextField', options, comment: `PostgreSQL type '${type}' has no field: check this one` };
}

function fieldFor(table: TableInfo, column: ColumnInfo, models: Map<string, string>): FieldCode | null {
  const options: string[] = [];
  if (column.references) {
    const reference = column.references;
    const baseName = column.name.endsWith('_id') ? column.name.slice(0, -3) : column.name;
    const name = camel(baseName);
    const target = reference.table === table.name ? "'self'" : models.has(reference.table) ? `() => ${models.get(reference.table)}` : `'${modelName(reference.table)}'`;
    options.push("onDelete: 'DO_NOTHING'");
    if (column.nullable) options.push('null: true');
    if (column.primaryKey) options.push('primaryKey: true');
    if (snake(`${name}Id`) !== column.name) options.push(`dbColumn: '${column.name}'`);
    // Two keys to one table would both claim the default reverse accessor.
    if (table.columns.filter((other) => other.references?.table === reference.table).length > 1) options.push(`relatedName: '${camel(table.name)}${name.charAt(0).toUpperCase()}${name.slice(1)}Set'`);
    const notes: string[] = [];
    if (DATABASE_ON_DELETE[reference.onDelete]) notes.push(`the database has ON DELETE ${DATABASE_ON_DELETE[reference.onDelete]}`);
    if (reference.column !== 'id') notes.push(`points at ${reference.table}.${reference.column}: the ORM's keys point at primary keys`);
    const comment = notes.length ? notes.join('; ') : undefined;
    const factory = column.unique && !column.primaryKey ? 'OneToOneField' : 'ForeignKey';
    return { name, code: `${factory}(${target}, { ${options.join(', ')} })`, comment };
  }
  const name = camel(column.name);
  if (column.primaryKey && column.generated && column.name === 'id' && column.type === 'bigint') return null; // the automatic id
  if (column.primaryKey) options.push('primaryKey: true');
  else if (column.unique) options.push('unique: true');
  if (column.nullable && !column.primaryKey) options.push('null: true');
  if (snake(name) !== column.name) options.push(`dbColumn: '${column.name}'`);
  if (column.primaryKey && column.generated) {
    const factory = column.type === 'bigint' ? 'BigAutoField' : 'AutoField';
    return { name, code: `${factory}({ ${options.join(', ')} })`, comment: column.type === 'bigint' || column.type === 'integer' ? undefined : `${column.type} key` };
  }
  const { factory, options: all, comment } = typed(column.type, options);
  const args = all.length ? `{ ${all.join(', ')} }` : '';
  return { name, code: factory.endsWith(', ') ? `${factory}${args || '{}'})` : `${factory}(${args})`, comment };
}

/** The text of a models.ts for these tables. */
export function writeModels(tables: readonly TableInfo[]): string {
  const models = new Map(tables.map((table) => [table.name, modelName(table.name)]));
  const used = new Set<string>(['model']);
  const blocks = tables.map((table) => {
    const fields = table.columns.map((column) => fieldFor(table, column, models)).filter((field): field is FieldCode => field !== null);
    for (const field of fields) for (const match of field.code.matchAll(/\b([A-Z][A-Za-z]*Field|ForeignKey)\(/g)) used.add(match[1]);
    const lines = fields.map((field) => `  ${field.name}: ${field.code},${field.comment ? ` // ${field.comment}` : ''}`);
    return `export class ${models.get(table.name)} extends model({\n${lines.join('\n')}\n}, { dbTable: '${table.name}' }) {}\n`;
  });
  const imports = [...used].sort((a, b) => a.localeCompare(b));
  return [
    '// Models written by `hyper inspectdb` from the database schema: check the types, names',
    '// and onDelete of each, then run `hyper makemigrations` (and `hyper migrate --fake-initial`',
    '// on the database the tables are already in).',
    `import { ${imports.join(', ')} } from 'hyperdjango/db';`,
    '',
    blocks.join('\n'),
  ].join('\n');
}
