// Fixture objects into the database: each object is checked against its model as it
// arrives (a bad one is named by file, index and field before anything is written),
// then rows are written per model in multi-row INSERT ... ON CONFLICT (pk) DO UPDATE
// statements, values bound, so an object already there is replaced as Django's
// loaddata replaces it. Foreign keys may point forward in the fixture: the caller runs
// this in one transaction with the constraints deferred.
import { atomic, connections, DatabaseError } from '../../db';
import { LookupError } from '../../core/errors';
import type { AnyField } from '../fields/field';
import { AutoField } from '../fields/numeric';
import { ForeignKey, ManyToManyField } from '../fields/related';
import { optionsOf } from '../model/prepare';
import { getModel } from '../model/registry';
import type { ModelClass } from '../model/types';
import { compiler, sql } from '../query/compile-context';
import { throughKeys } from '../query/path';
import { DeserializationError } from './errors';
import { fromFixtureValue } from './field-values';
import { naturalKeyGetter } from './natural-keys';
import { isAutoCreatedManyToMany } from './serialize';

/** PostgreSQL binds at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 65000;

interface PendingRow {
  where: string;
  pk: unknown;
  values: unknown[];
  members: Array<[ManyToManyField, unknown[]]>;
}

interface ModelPlan {
  model: ModelClass;
  label: string;
  /** Columns written, primary key first. */
  fields: AnyField[];
  manyToMany: Map<string, ManyToManyField>;
  /** Names of the fields after the primary key. */
  names: Set<string>;
  upsert: string;
  conflict: string;
  insertGenerated: string;
  rows: PendingRow[];
  pks: Set<unknown>;
}

const quote = (name: string) => sql`${sql.id(name)}`.compile(compiler).sql;

export interface LoaderOptions {
  using?: string;
  /** Rows per INSERT statement (fewer when a model has many columns). */
  batchSize?: number;
}

export class FixtureLoader {
  /** Objects added so far. */
  count = 0;
  /** Models that received rows (their sequences need a reset afterwards). */
  readonly models = new Set<ModelClass>();
  private readonly db: string;
  private readonly batchSize: number;
  private readonly plans = new Map<string, ModelPlan>();
  private readonly naturalKeys = new Map<ModelClass, Map<string, unknown>>();

  constructor(options: LoaderOptions = {}) {
    this.db = options.using ?? 'default';
    this.batchSize = options.batchSize ?? 1000;
  }

  /** Checks one fixture object and queues its row; `where` names it in errors ('fixtures/a.json, object 3'). */
  async add(object: unknown, where: string): Promise<void> {
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      throw new DeserializationError(`${where}: expected an object {"model": "app.model", "pk": ..., "fields": {...}}, got ${JSON.stringify(object)?.slice(0, 60)}.`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });
    }
    const { model: label, pk: givenPk, fields: given = {} } = object as { model?: unknown; pk?: unknown; fields?: unknown };
    if (typeof label !== 'string') throw new DeserializationError(`${where}: the object has no "model" ("app.model", e.g. "blog.post").`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });
    const plan = this.planFor(label, where);
    if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new DeserializationError(`${where} (${plan.label}): "fields" must be an object.`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });
    const meta = optionsOf(plan.model);
    const here = `${where} (${plan.label}${givenPk === undefined || givenPk === null ? '' : ` pk ${JSON.stringify(givenPk)}`})`;
    const values = given as Record<string, unknown>;

    for (const name of Object.keys(values)) {
      // Django ignores a primary key repeated among the fields.
      if (plan.names.has(name) || plan.manyToMany.has(name) || name === meta.pk.name) continue;
      throw new DeserializationError(`${here}: ${plan.label} has no field '${name}'. Fields are: ${[...plan.names, ...plan.manyToMany.keys()].join(', ')}.`, { code: 'HYPER_DESERIALIZATION_UNKNOWN_FIELD' });
    }

    let pk: unknown = null;
    if (givenPk !== undefined && givenPk !== null) pk = this.convert(meta.pk, givenPk, here, 'pk');
    else if (!(meta.pk instanceof AutoField)) throw new DeserializationError(`${here}: the object has no "pk", and ${plan.label}'s primary key '${meta.pk.name}' is not generated.`, { code: 'HYPER_DESERIALIZATION_MISSING_PK' });

    const row: unknown[] = [pk];
    for (const field of plan.fields.slice(1)) {
      let value: unknown;
      if (field.name in values) {
        const raw = values[field.name];
        value = field instanceof ForeignKey && Array.isArray(raw) ? await this.resolveNaturalKey(field.target, raw, `${here}, field '${field.name}'`) : this.convert(field, raw, here, field.name);
      } else {
        value = field.getDefault();
      }
      if (value === null && !field.nullable) {
        const why = field.name in values ? '' : ' (the object does not give it, and it has no default)';
        throw new DeserializationError(`${here}, field '${field.name}': it cannot be null${why}.`, { code: 'HYPER_DESERIALIZATION_INVALID_VALUE' });
      }
      row.push(value === null ? null : field.toDb(value as never));
    }

    const members: Array<[ManyToManyField, unknown[]]> = [];
    for (const [name, field] of plan.manyToMany) {
      if (!(name in values)) continue;
      const list = values[name];
      if (!Array.isArray(list)) throw new DeserializationError(`${here}, field '${name}': expected a list of keys, got ${JSON.stringify(list)}.`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });
      const target = optionsOf(field.target).pk;
      const keys: unknown[] = [];
      for (const item of list) {
        keys.push(Array.isArray(item) ? await this.resolveNaturalKey(field.target, item, `${here}, field '${name}'`) : target.toDb(this.convert(target, item, here, name) as never));
      }
      members.push([field, keys]);
    }

    if (pk !== null && plan.pks.has(pk)) await this.flushPlan(plan); // the same row twice in one statement is refused
    plan.rows.push({ where: here, pk, values: row, members });
    if (pk !== null) plan.pks.add(pk);
    this.count += 1;
    this.models.add(plan.model);
    if (plan.rows.length >= Math.max(1, Math.min(this.batchSize, Math.floor(MAX_PARAMETERS / plan.fields.length)))) await this.flushPlan(plan);
  }

  /** Writes every queued row. */
  async finish(): Promise<void> {
    for (const plan of this.plans.values()) await this.flushPlan(plan);
  }

  private convert(field: AnyField, value: unknown, here: string, name: string): unknown {
    try {
      return fromFixtureValue(field, value);
    } catch (error) {
      throw new DeserializationError(`${here}, field '${name}': ${(error as Error).message}`, { code: 'HYPER_DESERIALIZATION_INVALID_VALUE', cause: error });
    }
  }

  private planFor(label: string, where: string): ModelPlan {
    let plan = this.plans.get(label.toLowerCase());
    if (plan) return plan;
    let model: ModelClass;
    try {
      model = getModel(label);
    } catch (error) {
      if (error instanceof LookupError) throw new DeserializationError(`${where}: ${error.message}`, { code: 'HYPER_DESERIALIZATION_UNKNOWN_MODEL', cause: error });
      throw error;
    }
    const meta = optionsOf(model);
    const fields = [meta.pk, ...meta.concreteFields.filter((field) => !field.primaryKey)];
    const table = quote(meta.dbTable);
    const columns = fields.map((field) => quote(field.column));
    const updates = columns.slice(1).map((column) => `${column} = EXCLUDED.${column}`);
    plan = {
      model,
      label: `${meta.appLabel}.${meta.modelName}`,
      fields,
      manyToMany: new Map(meta.manyToManyFields.filter(isAutoCreatedManyToMany).map((field) => [field.name, field])),
      names: new Set(fields.slice(1).map((field) => field.name)),
      upsert: `INSERT INTO ${table} (${columns.join(', ')}) VALUES `,
      conflict: ` ON CONFLICT (${columns[0]}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
      insertGenerated: `INSERT INTO ${table} (${columns.slice(1).join(', ')}) VALUES `,
      rows: [],
      pks: new Set(),
    };
    this.plans.set(label.toLowerCase(), plan);
    return plan;
  }

  /** The primary key of the row with this natural key; rows queued so far are written first, so they can be found. */
  private async resolveNaturalKey(target: ModelClass, key: unknown[], here: string): Promise<unknown> {
    let cache = this.naturalKeys.get(target);
    if (!cache) this.naturalKeys.set(target, (cache = new Map()));
    const id = JSON.stringify(key);
    if (cache.has(id)) return cache.get(id);
    const label = optionsOf(target).label;
    const getter = naturalKeyGetter(target, this.db);
    if (!getter) throw new DeserializationError(`${here}: ${JSON.stringify(key)} is a natural key, but ${label} has no getByNaturalKey() on its manager or class.`, { code: 'HYPER_DESERIALIZATION_NATURAL_KEYS_UNSUPPORTED' });
    await this.finish();
    let pk: unknown;
    try {
      pk = (await getter(...key)).pk;
    } catch (error) {
      if ((error as { code?: string }).code === 'HYPER_DOES_NOT_EXIST') throw new DeserializationError(`${here}: no ${label} has the natural key ${JSON.stringify(key)}.`, { code: 'HYPER_DESERIALIZATION_UNKNOWN_NATURAL_KEY', cause: error });
      throw error;
    }
    const value = optionsOf(target).pk.toDb(pk as never);
    cache.set(id, value);
    return value;
  }

  private async flushPlan(plan: ModelPlan): Promise<void> {
    if (!plan.rows.length) return;
    const rows = plan.rows;
    plan.rows = [];
    plan.pks = new Set();
    const keyed = rows.filter((row) => row.pk !== null);
    const generated = rows.filter((row) => row.pk === null);
    if (keyed.length) await this.guarded(keyed, (some) => this.insert(plan, some, true));
    if (generated.length) await this.guarded(generated, (some) => this.insert(plan, some, false));
    for (const field of plan.manyToMany.values()) {
      const sources = rows.filter((row) => row.members.some(([member]) => member === field));
      if (sources.length) await this.guarded(sources, (some) => this.setMembers(field, some));
    }
  }

  private async insert(plan: ModelPlan, rows: PendingRow[], keyed: boolean): Promise<void> {
    const width = keyed ? plan.fields.length : plan.fields.length - 1;
    const parameters: unknown[] = [];
    for (const row of rows) parameters.push(...(keyed ? row.values : row.values.slice(1)));
    const pk = quote(plan.fields[0].column);
    const text = keyed
      ? `${plan.upsert}${placeholders(rows.length, width)}${plan.conflict}`
      : `${plan.insertGenerated}${placeholders(rows.length, width)} RETURNING ${pk}`;
    const result = await connections.get(this.db).execute({ sql: text, parameters });
    if (!keyed) rows.forEach((row, index) => (row.pk = result.rows[index][plan.fields[0].column]));
  }

  /** Replaces the sources' many-to-many sets by the fixture's lists. */
  private async setMembers(field: ManyToManyField, rows: PendingRow[]): Promise<void> {
    const [source, target] = throughKeys(field);
    const through = optionsOf(field.through!);
    const connection = connections.get(this.db);
    const table = quote(through.dbTable);
    const [from, to] = [quote(source.column), quote(target.column)];
    await connection.execute({ sql: `DELETE FROM ${table} WHERE ${from} = ANY($1)`, parameters: [rows.map((row) => row.pk)] });
    const pairs: unknown[] = [];
    for (const row of rows) for (const member of row.members.find(([candidate]) => candidate === field)![1]) pairs.push(row.pk, member);
    const perStatement = Math.floor(MAX_PARAMETERS / 2) * 2;
    for (let start = 0; start < pairs.length; start += perStatement) {
      const chunk = pairs.slice(start, start + perStatement);
      await connection.execute({ sql: `INSERT INTO ${table} (${from}, ${to}) VALUES ${placeholders(chunk.length / 2, 2)} ON CONFLICT DO NOTHING`, parameters: chunk });
    }
  }

  /**
   * Runs `write` on the rows in a savepoint; when the database refuses them, finds the
   * first row it refuses on its own and names it (the transaction fails as a whole anyway).
   */
  private async guarded(rows: PendingRow[], write: (rows: PendingRow[]) => Promise<void>): Promise<void> {
    try {
      await atomic(() => write(rows), { using: this.db });
      return;
    } catch (error) {
      if (!(error instanceof DatabaseError) || rows.length === 1) throw located(rows[0], error);
    }
    for (const row of rows) {
      try {
        await atomic(() => write([row]), { using: this.db });
      } catch (error) {
        throw located(row, error);
      }
    }
  }
}

function located(row: PendingRow, error: unknown): unknown {
  if (!(error instanceof DatabaseError)) return error;
  const detail = error.detail ? ` (${error.detail})` : '';
  return new DeserializationError(`${row.where}${error.column ? `, column '${error.column}'` : ''}: ${error.message}${detail}`, { code: 'HYPER_DESERIALIZATION_ROW_REFUSED', cause: error });
}

const shapes = new Map<string, string>();

/** '($1, $2), ($3, $4)' for 2 rows of 2. */
function placeholders(rows: number, width: number): string {
  const key = `${rows}x${width}`;
  let text = shapes.get(key);
  if (text) return text;
  const tuples: string[] = [];
  for (let r = 0, n = 1; r < rows; r++) {
    const slots: string[] = [];
    for (let c = 0; c < width; c++) slots.push(`$${n++}`);
    tuples.push(`(${slots.join(', ')})`);
  }
  text = tuples.join(', ');
  if (shapes.size < 64) shapes.set(key, text);
  return text;
}
