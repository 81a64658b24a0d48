// Managers: Post.objects. A manager is the QuerySet of all rows of its model, plus
// raw(); subclass it to add table-level methods or change the base QuerySet.
import { connections, routeForRead } from '../../db';
import type { Model } from '../model/model';
import type { ModelClass } from '../model/types';
import { QuerySet } from './query-set';
import { mapRows } from './row-mapper';
import { getByUniqueValue } from './unique-get';
import { optionsOf } from '../model/prepare';

export class Manager<M extends Model = Model> extends QuerySet<M> {
  constructor(model: ModelClass<M>) {
    super(model);
    // Code that reads a manager's query (`author__in: Author.objects`, Subquery(Post.objects))
    // sees the rows getQuerySet() chooses, like every method below.
    Object.defineProperty(this, 'query', { get: () => this.getQuerySet().query, configurable: true, enumerable: true });
  }

  /**
   * The QuerySet every call starts from: all(), filter(), get(), count(), create() ...
   * and the relations' managers (author.books) go through it, as in Django. Override it
   * to narrow or order what the manager gives (a manager of published posts).
   */
  getQuerySet(): QuerySet<M> {
    return new QuerySet(this.model);
  }

  /** The one object matching; DoesNotExist or MultipleObjectsReturned otherwise. */
  get(...conditions: Parameters<QuerySet<M>['get']>): Promise<M> {
    // By one unique value on a manager that keeps every row: the compiled shape, directly.
    if (conditions.length === 1 && this.getQuerySet === Manager.prototype.getQuerySet) {
      try {
        const found = getByUniqueValue(this.model as ModelClass, conditions[0]);
        if (found) return found as Promise<M>;
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.getQuerySet().get(...conditions);
  }

  /**
   * Instances from hand-written SQL, values bound: raw('SELECT * FROM blog_post WHERE views > $1', [10]).
   * Columns named like the model's columns fill its fields; others become attributes.
   */
  async raw(sqlText: string, parameters: unknown[] = []): Promise<M[]> {
    const db = routeForRead(this.model);
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

// Every public QuerySet method of a manager runs on getQuerySet(), so an override of it
// applies everywhere (the manager's own stored query is never used).
for (const key of Reflect.ownKeys(QuerySet.prototype)) {
  if (key === 'constructor' || Object.prototype.hasOwnProperty.call(Manager.prototype, key)) continue;
  const descriptor = Object.getOwnPropertyDescriptor(QuerySet.prototype, key)!;
  if (typeof descriptor.value === 'function') {
    Object.defineProperty(Manager.prototype, key, {
      ...descriptor,
      value: function (this: Manager, ...args: unknown[]) {
        const set = this.getQuerySet() as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>;
        return set[key as string](...args);
      },
    });
  } else if (descriptor.get) {
    Object.defineProperty(Manager.prototype, key, { ...descriptor, get(this: Manager) { return Reflect.get(this.getQuerySet(), key); } });
  }
}

/**
 * The rows a model's default manager (`objects`) starts from: what its reverse and
 * many-to-many relations (author.books, book.shelves) and their prefetches narrow, as
 * Django's related managers subclass the default manager. A forward key (book.author)
 * reads the plain table instead, as Django's base manager does.
 */
export function defaultQuerySet<M extends Model>(model: ModelClass<M>): QuerySet<M> {
  const objects = (model as unknown as { objects?: unknown }).objects;
  return objects instanceof Manager ? (objects.getQuerySet() as QuerySet<M>) : new QuerySet(model);
}

const managers = new WeakMap<object, Manager>();

/** The one Manager of a model class (`Post.objects` when the model declares none). */
export function managerFor(model: ModelClass): Manager {
  let manager = managers.get(model);
  if (!manager) {
    // Prepared now, so a model that cannot be (abstract, not in an app) says so at first use.
    optionsOf(model);
    manager = new Manager(model);
    managers.set(model, manager);
  }
  return manager;
}
