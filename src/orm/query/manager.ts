// Managers: Post.objects. A manager is the QuerySet of all rows of its model, plus
// raw(); subclass it to add table-level methods or change the base QuerySet.
import { connections, routeForRead } from '../../db';
import type { Model } from '../model/model';
import { persistence } from '../model/model';
import type { ModelClass } from '../model/types';
import { QuerySet } from './query-set';
import { mapRows } from './row-mapper';
import { optionsOf } from '../model/prepare';

export class Manager<M extends Model = Model> extends QuerySet<M> {
  constructor(model: ModelClass<M>) {
    super(model);
  }

  /** The QuerySet every call starts from; override to narrow it (a manager of published posts). */
  getQuerySet(): QuerySet<M> {
    return new QuerySet(this.model, this.query, this.prefetches);
  }

  /**
   * Instances from hand-written SQL, values bound: raw('SELECT * FROM blog_post WHERE views > $1', [10]).
   * Columns named like the model's columns fill its fields; others become attributes.
   */
  async raw(sqlText: string, parameters: unknown[] = []): Promise<M[]> {
    const db = this.query.props.db ?? routeForRead(this.model);
    const result = await connections.get(db).execute({ sql: sqlText, parameters });
    const meta = optionsOf(this.model as ModelClass);
    const columns = result.rows.length ? Object.keys(result.rows[0]) : [];
    const byColumn = new Map(meta.concreteFields.map((field) => [field.column, field]));
    const fields = columns.filter((column) => byColumn.has(column)).map((column) => byColumn.get(column)!);
    const plan = {
      mode: 'models' as const,
      nodes: [{ model: this.model as ModelClass, fields, aliases: fields.map((field) => field.column), parent: -1, relation: null }],
      extras: columns.filter((column) => !byColumn.has(column)).map((column) => ({ name: column, alias: column, field: null })),
    };
    return mapRows(plan, result.rows, db) as M[];
  }
}

const managers = new WeakMap<object, Manager>();

persistence.manager = (model: ModelClass) => {
  let manager = managers.get(model);
  if (!manager) {
    // Prepared now, so a model that cannot be (abstract, not in an app) says so at first use.
    optionsOf(model);
    manager = new Manager(model);
    managers.set(model, manager);
  }
  return manager;
};
