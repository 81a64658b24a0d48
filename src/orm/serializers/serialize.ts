// Model rows as fixture objects, Django's shape: { model: 'blog.post', pk: 1,
// fields: { ... } }, written as JSON text. Rows stream through a server-side cursor, a
// batch per FETCH, either with their "fields" object written by the database
// (sql-values.ts) or as plain value lists (no model instances) that the process
// writes; each batch's many-to-many pairs and natural keys are read in one query per
// relation, so a table of any size is written in memory that does not grow with it.
import { connections, type CompiledSql } from '../../db';
import type { AnyField } from '../fields/field';
import { ForeignKey, ManyToManyField } from '../fields/related';
import type { Model } from '../model/model';
import { optionsOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { compiler, sql } from '../query/compile-context';
import { compileSelect } from '../query/compiler';
import type { QuerySet } from '../query/query-set';
import { throughKeys } from '../query/path';
import { mapRows } from '../query/row-mapper';
import { SerializationError } from './errors';
import { toFixtureValue } from './field-values';
import { hasNaturalKey, naturalKeyOf } from './natural-keys';
import { sqlFixtureValue, type SqlValue } from './sql-values';

export interface FixtureObject {
  model: string;
  pk?: unknown;
  fields: Record<string, unknown>;
}

export interface SerializeOptions {
  /** The database alias to read. */
  using?: string;
  /** Write foreign keys and many-to-many members by natural key where their model has one. */
  naturalForeign?: boolean;
  /** Leave out the primary key of objects whose model has a natural key (loaddata finds the row by it). */
  naturalPrimary?: boolean;
  /** Rows per cursor fetch and per related-rows query. */
  batchSize?: number;
  /** false: every value is written by the process, never by the database (sql-values.ts); for tests. */
  inSql?: boolean;
}

/** Rows per FETCH when dumping: large enough that round trips do not count, small enough to hold a few. */
export const DUMP_BATCH_SIZE = 5000;

/** A many-to-many field whose pairs table was made for it: its pairs belong in the fixture of its model. */
export function isAutoCreatedManyToMany(field: ManyToManyField): boolean {
  return Boolean((field.through as unknown as { autoCreatedFor?: unknown } | undefined)?.autoCreatedFor);
}

/** Whether a model is the pairs table made for a many-to-many field (serialized with that field's model). */
export function isAutoCreatedModel(model: ModelClass): boolean {
  return Boolean((model as unknown as { autoCreatedFor?: unknown }).autoCreatedFor);
}

const managerOf = (model: ModelClass) => (model as unknown as { objects: QuerySet<Model> }).objects;

/**
 * The fixture objects of a QuerySet's rows (all of a model's: Model.objects), in
 * primary-key order, as compact JSON texts, a batch (one cursor fetch) at a time.
 */
export async function* serializeQuerySet(set: QuerySet<Model>, options: SerializeOptions = {}): AsyncGenerator<string[]> {
  const model = set.model;
  const meta = optionsOf(model);
  const db = options.using ?? 'default';
  const fields = meta.concreteFields.filter((field) => !field.primaryKey);
  const natural = (field: ForeignKey | ManyToManyField) => options.naturalForeign === true && hasNaturalKey(field.target);
  const job: Job = {
    query: set.using(db).orderBy('pk').valuesList(meta.pk.attname, ...fields.map((field) => field.attname)).query,
    db,
    batchSize: options.batchSize ?? DUMP_BATCH_SIZE,
    // The start of each object's text: '{"model":"blog.post","pk":'.
    head: JSON.stringify({ model: `${meta.appLabel}.${meta.modelName}` }).slice(0, -1),
    // As Django's: with natural primary keys the row is found again by its natural key, so the pk is left out.
    withPk: !(options.naturalPrimary && hasNaturalKey(model)),
    pk: meta.pk,
    fields,
    manyToMany: meta.manyToManyFields.filter(isAutoCreatedManyToMany),
    natural,
  };
  const inSql = !fields.some((field) => field instanceof ForeignKey && natural(field)) && options.inSql !== false;
  const sqlValues = inSql ? fields.map((field) => sqlFixtureValue(field, 'x')) : [];
  yield* sqlValues.every((value) => value !== undefined) && inSql ? rowsInSql(job) : rowsInProcess(job);
}

interface Job {
  /** [pk, ...fields] of each row. */
  query: QuerySet<Model>['query'];
  db: string;
  batchSize: number;
  head: string;
  withPk: boolean;
  pk: AnyField;
  fields: AnyField[];
  manyToMany: ManyToManyField[];
  natural: (field: ForeignKey | ManyToManyField) => boolean;
}

/** The members of each many-to-many field for a batch's rows: field name, then lists by source primary key. */
async function membersOf(job: Job, pks: unknown[]): Promise<Array<[string, Map<unknown, unknown[]>]>> {
  const out: Array<[string, Map<unknown, unknown[]>]> = [];
  for (const field of job.manyToMany) out.push([field.name, await members(field, pks, job.db, job.natural(field))]);
  return out;
}

/** The value by value way: each row's values read by their fields and written by toFixtureValue(). */
async function* rowsInProcess(job: Job): AsyncGenerator<string[]> {
  const { fields } = job;
  const { statement, plan } = compileSelect(job.query);
  for await (const rows of connections.get(job.db).streamBatches<Record<string, unknown>>(statement, job.batchSize)) {
    // [pk, ...fields] of each row, each value converted by its field's fromDb().
    const tuples = mapRows(plan, rows, job.db) as unknown[][];
    const keysByField = new Map<AnyField, Map<unknown, unknown[]>>();
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f];
      if (field instanceof ForeignKey && job.natural(field)) keysByField.set(field, await naturalKeys(field.target, tuples.map((tuple) => tuple[f + 1]), job.db));
    }
    const lists = await membersOf(job, tuples.map((tuple) => tuple[0]));
    const texts: string[] = new Array(tuples.length);
    for (let r = 0; r < tuples.length; r++) {
      const tuple = tuples[r];
      const out: Record<string, unknown> = {};
      for (let f = 0; f < fields.length; f++) {
        const field = fields[f];
        const value = tuple[f + 1];
        const keys = keysByField.get(field);
        out[field.name] = keys && value !== null ? keys.get(value) : toFixtureValue(field, value);
      }
      for (const [name, bySource] of lists) out[name] = bySource.get(tuple[0]) ?? [];
      texts[r] = `${job.head}${job.withPk ? `,"pk":${JSON.stringify(toFixtureValue(job.pk, tuple[0]))}` : ''},"fields":${JSON.stringify(out)}}`;
    }
    yield texts;
  }
}

/**
 * The database writes each row's "fields" object (sql-values.ts): the process reads one
 * text a row and adds the model, the pk and the many-to-many lists around it.
 */
async function* rowsInSql(job: Job): AsyncGenerator<string[]> {
  const { fields } = job;
  const { statement, plan } = compileSelect(job.query);
  const [pkAlias, ...aliases] = plan.extras.map((extra) => quote(extra.alias));
  const values = fields.map((field, f) => sqlFixtureValue(field, `s.${aliases[f]}`)!);
  const named = values.map((value, f) => `${value.sql} AS ${quote(fields[f].name)}`);
  const outside = values.map((value, f) => (value.outside ? `${value.outside} AS ${quote(`outside${f}`)}` : undefined)).filter((column) => column !== undefined);
  const select: CompiledSql = {
    // The subquery's ORDER BY (the primary key) is the order its rows are read in.
    sql: `SELECT s.${pkAlias} AS "pk", (SELECT row_to_json(f) FROM (SELECT ${named.join(', ') || 'NULL AS "none"'}) AS f)::text AS "fields"${outside.map((column) => `, ${column}`).join('')} FROM (${statement.sql}) AS s`,
    parameters: statement.parameters,
  };
  for await (const rows of connections.get(job.db).streamBatches<Record<string, unknown>>(select, job.batchSize)) {
    const pks = rows.map((row) => job.pk.fromDb(row.pk as never));
    const lists = await membersOf(job, pks);
    const texts: string[] = new Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let body = fields.length ? (row.fields as string) : '{}';
      if (outside.length) body = withOutsideValues(job, values, row, body);
      if (lists.length) {
        const added = lists.map(([name, bySource]) => `${JSON.stringify(name)}:${JSON.stringify(bySource.get(pks[r]) ?? [])}`).join(',');
        body = body === '{}' ? `{${added}}` : `${body.slice(0, -1)},${added}}`;
      }
      texts[r] = `${job.head}${job.withPk ? `,"pk":${JSON.stringify(toFixtureValue(job.pk, pks[r]))}` : ''},"fields":${body}}`;
    }
    yield texts;
  }
}

/** A row holding a value its SQL expression does not cover: that field is written by the process. */
function withOutsideValues(job: Job, values: SqlValue[], row: Record<string, unknown>, body: string): string {
  let fields: Record<string, unknown> | undefined;
  values.forEach((value, f) => {
    const raw = value.outside ? row[`outside${f}`] : null;
    if (raw === null || raw === undefined) return;
    fields ??= JSON.parse(body) as Record<string, unknown>;
    const field = job.fields[f];
    fields[field.name] = toFixtureValue(field, field.fromDb(raw as never));
  });
  return fields ? JSON.stringify(fields) : body;
}

/** A quoted SQL identifier. */
export const quoteName = (name: string) => sql`${sql.id(name)}`.compile(compiler).sql;
const quote = quoteName;

/** Natural keys of the targets with these primary keys. */
async function naturalKeys(target: ModelClass, pks: unknown[], db: string): Promise<Map<unknown, unknown[]>> {
  const wanted = [...new Set(pks.filter((pk) => pk !== null))];
  const found = await managerOf(target).using(db).inBulk(wanted);
  const keys = new Map<unknown, unknown[]>();
  for (const pk of wanted) {
    const instance = found.get(pk);
    if (!instance) throw new SerializationError(`${optionsOf(target).label} with pk ${JSON.stringify(pk)} is referred to but does not exist, so it has no natural key.`);
    keys.set(pk, naturalKeyOf(instance));
  }
  return keys;
}

/** The members of each source's many-to-many set: their primary keys (or natural keys), by source primary key. */
async function members(field: ManyToManyField, sources: unknown[], db: string, natural: boolean): Promise<Map<unknown, unknown[]>> {
  const [source, target] = throughKeys(field);
  const pairs = (await managerOf(field.through!)
    .using(db)
    .filter({ [`${source.name}__in`]: sources })
    .orderBy(source.attname, target.attname)
    .valuesList(source.attname, target.attname)) as unknown as Array<[unknown, unknown]>;
  const keys = natural ? await naturalKeys(field.target, pairs.map(([, member]) => member), db) : undefined;
  const bySource = new Map<unknown, unknown[]>();
  for (const [from, member] of pairs) {
    let list = bySource.get(from);
    if (!list) bySource.set(from, (list = []));
    list.push(keys ? keys.get(member) : toFixtureValue(target, member));
  }
  return bySource;
}
