// Fixture objects into the database: each object is checked against its model as it
// arrives (a bad one is named by file, index and field before anything is written),
// then queued per model and written a batch at a time (table-writer.ts). While one
// batch is being written, the next is read and checked: at most one is in flight.
// Foreign keys may point forward in the fixture: the caller runs this in one
// transaction with the constraints deferred.
//
// As Django's loaddata: an object without "pk" whose model has a natural key is
// matched to the row with that key (so it replaces it); keys given as lists are
// natural keys, found through getByNaturalKey(); preSave and postSave are sent with
// `raw: true` to the receivers that are connected; with `ignoreNonexistent`, fields
// and models that no longer exist are skipped.
import { serializeParameter } from '../../db';
import { LookupError } from '../../core/errors';
import type { AnyField } from '../fields/field';
import { AutoField } from '../fields/numeric';
import { ForeignKey, ManyToManyField } from '../fields/related';
import { FROM_DB, type Model } from '../model/model';
import { ValidationError, validationCode } from '../errors';
import { optionsOf, stateOf } from '../model/prepare';
import { getModel } from '../model/registry';
import type { ModelClass } from '../model/types';
import { postSave, preSave } from '../signals';
import { DeserializationError } from './errors';
import { fromFixtureValue } from './field-values';
import type { ReadObject } from './json-format';
import { hasNaturalKey, naturalKeyGetter, naturalKeyOf } from './natural-keys';
import { isAutoCreatedManyToMany } from './serialize';
import { TableWriter, type PendingRow } from './table-writer';

/** Rows per INSERT: a few thousand make round trips and statement overhead vanish. */
export const LOAD_BATCH_SIZE = 2000;

interface ModelPlan {
  model: ModelClass;
  label: string;
  writer: TableWriter;
  manyToMany: Map<string, ManyToManyField>;
  /** Fields after the primary key, by name. */
  names: Set<string>;
  /** Whether objects without "pk" are matched by natural key. */
  naturalPrimary: boolean;
  /** The natural keys of the rows matched so far (JSON): a repeat waits for the first to be written. */
  naturalKeysSeen: Set<string>;
  rows: LoaderRow[];
  pks: Set<unknown>;
}

/** A row, with the instance that preSave's receivers saw (postSave gets it after the write). */
interface LoaderRow extends PendingRow {
  instance?: Model;
}

/** The natural keys a row refers to that are not known yet: looked up, then the row is built again. */
type Lookup = [target: ModelClass, key: unknown[], where: string];

export interface LoaderOptions {
  using?: string;
  /** Rows per INSERT statement. */
  batchSize?: number;
  /** Skip fields and models that do not exist (any more) instead of failing. */
  ignoreNonexistent?: boolean;
}

export class FixtureLoader {
  /** Objects added so far. */
  count = 0;
  /** Models that received rows (their sequences need a reset afterwards). */
  readonly models = new Set<ModelClass>();
  private readonly db: string;
  private readonly batchSize: number;
  private readonly ignoreNonexistent: boolean;
  private readonly plans = new Map<string, ModelPlan | null>();
  private readonly naturalKeys = new Map<ModelClass, Map<string, unknown>>();
  /** The batch being written; the next one waits for it. */
  private writing: Promise<void> = Promise.resolve();

  constructor(options: LoaderOptions = {}) {
    this.db = options.using ?? 'default';
    this.batchSize = options.batchSize ?? LOAD_BATCH_SIZE;
    this.ignoreNonexistent = options.ignoreNonexistent === true;
  }

  /** Checks the objects read from `source` and queues their rows ('fixtures/a.json' names them in errors). */
  async add(source: string, objects: readonly ReadObject[]): Promise<void> {
    for (const { value, index } of objects) {
      const where = `${source}, object ${index}`;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new DeserializationError(`${where}: expected an object {"model": "app.model", "pk": ..., "fields": {...}}, got ${JSON.stringify(value)?.slice(0, 60)}.`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });
      }
      const { model: label, pk: givenPk, fields: given = {} } = value as { model?: unknown; pk?: unknown; fields?: unknown };
      if (typeof label !== 'string') throw new DeserializationError(`${where}: the object has no "model" ("app.model", e.g. "blog.post").`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });
      const plan = this.planFor(label, where);
      if (!plan) continue;
      if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new DeserializationError(`${where} (${plan.label}): "fields" must be an object.`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });
      const here = () => `${where} (${plan.label}${givenPk === undefined || givenPk === null ? '' : ` pk ${JSON.stringify(givenPk)}`})`;
      const fields = given as Record<string, unknown>;
      this.checkNames(plan, fields, here);

      const lookups: Lookup[] = [];
      let row = this.rowOf(plan, givenPk, fields, here, lookups);
      if (!row) {
        for (const [target, key, at] of lookups) await this.lookUp(target, key, at);
        row = this.rowOf(plan, givenPk, fields, here, [])!;
      }
      const instance = plan.naturalPrimary && row.pk === null ? await this.matchNaturalKey(plan, row, here) : undefined;
      if (preSave.hasListeners(plan.model) || postSave.hasListeners(plan.model)) await this.sendPreSave(plan, row, instance);
      this.toPayloads(plan, row);
      if (row.pk !== null && plan.pks.has(row.pk)) await this.flushPlan(plan); // the same row twice in one statement is refused
      plan.rows.push(row);
      if (row.pk !== null) plan.pks.add(row.pk);
      this.count += 1;
      this.models.add(plan.model);
      if (plan.rows.length >= this.batchSize) await this.flushPlan(plan);
    }
  }

  /** Writes every queued row. */
  async finish(): Promise<void> {
    for (const plan of this.plans.values()) if (plan) await this.flushPlan(plan);
    await this.writing;
  }

  private checkNames(plan: ModelPlan, fields: Record<string, unknown>, here: () => string): void {
    for (const name in fields) {
      // Django ignores a primary key repeated among the fields.
      if (plan.names.has(name) || plan.manyToMany.has(name) || name === plan.writer.fields[0].name) continue;
      if (this.ignoreNonexistent) continue;
      throw new DeserializationError(`${here()}: ${plan.label} has no field '${name}'. Fields are: ${[...plan.names, ...plan.manyToMany.keys()].join(', ')}; --ignorenonexistent skips fields that no longer exist.`, { code: 'HYPER_DESERIALIZATION_UNKNOWN_FIELD' });
    }
  }

  /**
   * The row of an object, its values converted to the fields' JS values and checked;
   * undefined when it refers to natural keys not looked up yet (added to `lookups`).
   */
  private rowOf(plan: ModelPlan, givenPk: unknown, fields: Record<string, unknown>, here: () => string, lookups: Lookup[]): LoaderRow | undefined {
    const { writer } = plan;
    const pkField = writer.fields[0];
    let pk: unknown = null;
    if (givenPk !== undefined && givenPk !== null) pk = this.convert(pkField, givenPk, here, 'pk');
    // Without one, the database generates it, the natural key finds it, or the field's default gives it.
    else if (!(pkField instanceof AutoField) && !plan.naturalPrimary) pk = this.defaultPk(plan, here);

    const values: unknown[] = [pk];
    for (let f = 1; f < writer.fields.length; f++) {
      const field = writer.fields[f];
      let value: unknown;
      if (field.name in fields) {
        const raw = fields[field.name];
        value = field instanceof ForeignKey && Array.isArray(raw) ? this.knownNaturalKey(field.target, raw, () => `${here()}, field '${field.name}'`, lookups) : this.convert(field, raw, here, field.name);
      } else {
        value = field.getDefault();
      }
      if (value === null && !field.nullable && !lookups.length) {
        const cause = new ValidationError({ [field.name]: ['This field cannot be null.'] }, { code: 'HYPER_ORM_VALUE_NULL' });
        throw new DeserializationError(`${here()}, field '${field.name}': it cannot be null${field.name in fields ? '' : ' (the object does not give it, and it has no default)'}.`, { code: 'HYPER_DESERIALIZATION_INVALID_VALUE', cause });
      }
      values.push(value);
    }

    const members: Array<[ManyToManyField, unknown[]]> = [];
    for (const [name, field] of plan.manyToMany) {
      if (!(name in fields)) continue;
      const list = fields[name];
      if (!Array.isArray(list)) throw new DeserializationError(`${here()}, field '${name}': expected a list of keys, got ${JSON.stringify(list)}.`, { code: 'HYPER_DESERIALIZATION_MALFORMED' });
      const target = optionsOf(field.target).pk;
      const keys: unknown[] = [];
      for (const item of list) {
        const key = Array.isArray(item) ? this.knownNaturalKey(field.target, item, () => `${here()}, field '${name}'`, lookups) : this.convert(target, item, here, name);
        keys.push(key === null ? null : serializeParameter(target.toDb(key as never)));
      }
      members.push([field, keys]);
    }
    return lookups.length ? undefined : { where: here, pk, values, members };
  }

  /** The row's values from now on as the writer sends them. */
  private toPayloads(plan: ModelPlan, row: LoaderRow): void {
    const { payloads } = plan.writer;
    for (let f = 0; f < payloads.length; f++) row.values[f] = payloads[f](row.values[f]);
    row.pk = row.values[0];
  }

  private defaultPk(plan: ModelPlan, here: () => string): unknown {
    const field = plan.writer.fields[0];
    const pk = field.getDefault();
    if (pk === null || pk === undefined) throw new DeserializationError(`${here()}: the object has no "pk", and ${plan.label}'s primary key '${field.name}' is neither generated nor has a default.`, { code: 'HYPER_DESERIALIZATION_MISSING_PK' });
    return pk;
  }

  private convert(field: AnyField, value: unknown, here: () => string, name: string): unknown {
    try {
      return fromFixtureValue(field, value);
    } catch (error) {
      // The cause names the field, as fullClean()'s would: errors and errorCodes by field.
      const code = validationCode(error);
      const cause = new ValidationError({ [name]: [(error as Error).message] }, { code, errorCodes: { [name]: [code] }, cause: error });
      throw new DeserializationError(`${here()}, field '${name}': ${(error as Error).message}`, { code: 'HYPER_DESERIALIZATION_INVALID_VALUE', cause });
    }
  }

  private planFor(label: string, where: string): ModelPlan | null {
    const known = this.plans.get(label.toLowerCase());
    if (known !== undefined) return known;
    let model: ModelClass;
    try {
      model = getModel(label);
    } catch (error) {
      if (!(error instanceof LookupError)) throw error;
      if (this.ignoreNonexistent) {
        this.plans.set(label.toLowerCase(), null);
        return null;
      }
      throw new DeserializationError(`${where}: ${error.message} (--ignorenonexistent skips models that no longer exist)`, { code: 'HYPER_DESERIALIZATION_UNKNOWN_MODEL', cause: error });
    }
    const meta = optionsOf(model);
    const writer = new TableWriter(model, this.db);
    const plan: ModelPlan = {
      model,
      label: `${meta.appLabel}.${meta.modelName}`,
      writer,
      manyToMany: new Map(meta.manyToManyFields.filter(isAutoCreatedManyToMany).map((field) => [field.name, field])),
      names: new Set(writer.fields.slice(1).map((field) => field.name)),
      naturalPrimary: hasNaturalKey(model) && naturalKeyGetter(model, this.db) !== undefined,
      naturalKeysSeen: new Set(),
      rows: [],
      pks: new Set(),
    };
    this.plans.set(label.toLowerCase(), plan);
    return plan;
  }

  /** The primary key of the row with this natural key when known; else the key joins `lookups`. */
  private knownNaturalKey(target: ModelClass, key: unknown[], here: () => string, lookups: Lookup[]): unknown {
    const id = JSON.stringify(key);
    const cache = this.naturalKeys.get(target);
    if (cache?.has(id)) return cache.get(id);
    lookups.push([target, key, here()]);
    return null;
  }

  /** Finds the row with a natural key (rows of its model queued so far are written first, so they can be found) and caches its key. */
  private async lookUp(target: ModelClass, key: unknown[], here: string): Promise<void> {
    let cache = this.naturalKeys.get(target);
    if (!cache) this.naturalKeys.set(target, (cache = new Map()));
    const id = JSON.stringify(key);
    if (cache.has(id)) return;
    const meta = optionsOf(target);
    const getter = naturalKeyGetter(target, this.db);
    if (!getter) throw new DeserializationError(`${here}: ${JSON.stringify(key)} is a natural key, but ${meta.label} has no getByNaturalKey() on its manager or class.`, { code: 'HYPER_DESERIALIZATION_NATURAL_KEYS_UNSUPPORTED' });
    await this.writtenUpTo(target);
    let pk: unknown;
    try {
      pk = (await getter(...key)).pk;
    } catch (error) {
      if ((error as { code?: string }).code === 'HYPER_DOES_NOT_EXIST') throw new DeserializationError(`${here}: no ${meta.label} has the natural key ${JSON.stringify(key)}.`, { code: 'HYPER_DESERIALIZATION_UNKNOWN_NATURAL_KEY', cause: error });
      throw error;
    }
    cache.set(id, pk);
  }

  /**
   * An object without "pk" whose model has a natural key: as Django's loaddata, the
   * row with the same natural key is replaced when there is one (its key is taken),
   * else a new row is made. Returns the instance built to ask its naturalKey().
   */
  private async matchNaturalKey(plan: ModelPlan, row: LoaderRow, here: () => string): Promise<Model> {
    const instance = this.instanceOf(plan, row);
    const key = naturalKeyOf(instance);
    const id = JSON.stringify(key);
    // Only a row of this load with the same key must be written first for the lookup to find it.
    if (plan.naturalKeysSeen.has(id)) await this.writtenUpTo(plan.model);
    plan.naturalKeysSeen.add(id);
    const pkField = plan.writer.fields[0];
    try {
      row.pk = (await naturalKeyGetter(plan.model, this.db)!(...key)).pk;
    } catch (error) {
      if ((error as { code?: string }).code !== 'HYPER_DOES_NOT_EXIST') throw error;
      row.pk = pkField instanceof AutoField ? null : this.defaultPk(plan, here);
    }
    row.values[0] = row.pk;
    (instance as unknown as Record<string, unknown>)[pkField.attname] = row.pk;
    return instance;
  }

  /** Rows of `model` queued so far are written (and any batch in flight), so queries see them. */
  private async writtenUpTo(model: ModelClass): Promise<void> {
    for (const plan of this.plans.values()) if (plan?.model === model) await this.flushPlan(plan);
    await this.writing;
  }

  /** A model instance holding a row's values, as receivers of preSave and postSave see it. */
  private instanceOf(plan: ModelPlan, row: LoaderRow): Model {
    const instance = new plan.model(FROM_DB as unknown as Record<string, unknown>);
    const self = instance as unknown as Record<string, unknown>;
    plan.writer.fields.forEach((field, index) => (self[field.attname] = row.values[index]));
    stateOf(instance).adding = true;
    stateOf(instance).db = this.db;
    return instance;
  }

  /** preSave with raw: true; the row then takes the instance's values (a receiver may change them); postSave follows its write. */
  private async sendPreSave(plan: ModelPlan, row: LoaderRow, built: Model | undefined): Promise<void> {
    const instance = built ?? this.instanceOf(plan, row);
    const self = instance as unknown as Record<string, unknown>;
    const { fields } = plan.writer;
    // Receivers may query: the batch in flight is written first.
    await this.writing;
    if (preSave.hasListeners(plan.model)) await preSave.send(plan.model, { instance, raw: true, using: this.db, updateFields: null });
    for (let f = 0; f < fields.length; f++) row.values[f] = self[fields[f].attname] ?? null;
    if (postSave.hasListeners(plan.model)) {
      row.track = true;
      row.instance = instance;
    }
  }

  private async sendPostSave(plan: ModelPlan, rows: LoaderRow[]): Promise<void> {
    const pk = plan.writer.fields[0];
    for (const row of rows) {
      const instance = row.instance;
      if (!instance) continue;
      row.instance = undefined;
      (instance as unknown as Record<string, unknown>)[pk.attname] = pk.fromDb(row.pk);
      stateOf(instance).adding = false;
      await postSave.send(plan.model, { instance, created: row.created === true, raw: true, using: this.db, updateFields: null });
    }
  }

  /** Hands the queued rows to the writer once the batch in flight is written. */
  private async flushPlan(plan: ModelPlan): Promise<void> {
    if (!plan.rows.length) return;
    const rows = plan.rows;
    plan.rows = [];
    plan.pks = new Set();
    const previous = this.writing;
    const inserted = rows.some((row) => row.instance) ? (written: PendingRow[]) => this.sendPostSave(plan, written) : undefined;
    const next = previous.then(() => plan.writer.write(rows, inserted));
    next.catch(() => undefined); // awaited by the next flush or by finish()
    this.writing = next;
    await previous;
  }
}
