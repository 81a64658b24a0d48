// prefetchRelated: one extra query per relation for a whole page of objects, instead
// of one per object. Results land in each instance's relation cache, which the
// accessors (post.author, user.postSet.all(), post.tags.all()) answer from.
import { FieldError } from '../errors';
import { ForeignKey, ManyToManyField } from '../fields/related';
import type { Model } from '../model/model';
import { optionsOf, prepareAllModels, stateOf } from '../model/prepare';
import type { ModelClass } from '../model/types';
import { defaultQuerySet } from './manager';
import { throughKeys } from './path';
import { Prefetch, QuerySet, type PrefetchRunner } from './query-set';

type Row = Record<string, unknown>;

function groupBy<T>(items: T[], key: (item: T) => unknown): Map<unknown, T[]> {
  const groups = new Map<unknown, T[]>();
  for (const item of items) {
    const value = key(item);
    const group = groups.get(value);
    if (group) group.push(item);
    else groups.set(value, [item]);
  }
  return groups;
}

/** The prefetch's own QuerySet, else the default manager's rows for a many side, else the whole table. */
function base(lookup: Prefetch, target: ModelClass, db: string, many: boolean): QuerySet<Model> {
  return (lookup.queryset ?? (many ? defaultQuerySet(target) : new QuerySet(target))).using(db);
}

async function prefetchOne(instances: Model[], lookup: Prefetch, db: string): Promise<Model[]> {
  const model = instances[0].constructor as ModelClass;
  const meta = optionsOf(model);
  const [name, ...rest] = lookup.lookup.split('__');
  const field = meta.findField(name);
  const store = (instance: Model, accessor: string, value: unknown) => {
    if (lookup.toAttr) (instance as unknown as Row)[lookup.toAttr] = value;
    else stateOf(instance).related.set(accessor, value);
  };
  let found: Model[] = [];
  if (field instanceof ForeignKey) {
    const keys = [...new Set(instances.map((instance) => (instance as unknown as Row)[field.attname]).filter((key) => key !== null))];
    found = keys.length ? await base(lookup, field.target, db, false).filter({ pk__in: keys }).fetch() : [];
    const byPk = new Map(found.map((row) => [row.pk, row]));
    for (const instance of instances) store(instance, field.name, byPk.get((instance as unknown as Row)[field.attname]) ?? null);
  } else if (field instanceof ManyToManyField || (prepareAllModels(), meta.findReverse(name))) {
    const reverse = field ? undefined : meta.findReverse(name)!;
    const pks = instances.map((instance) => instance.pk);
    if (field instanceof ManyToManyField || reverse?.manyToMany) {
      const m2m = (field ?? reverse!.field) as ManyToManyField;
      const fromTarget = !field;
      const [toSource, toTarget] = throughKeys(m2m);
      const [mine, theirs] = fromTarget ? [toTarget, toSource] : [toSource, toTarget];
      const pairs = (await new QuerySet(m2m.through!).using(db).filter({ [`${mine.name}__in`]: pks }).valuesList(mine.attname, theirs.attname).fetch()) as unknown as Array<[unknown, unknown]>;
      const other = fromTarget ? m2m.model! : m2m.target;
      const otherKeys = [...new Set(pairs.map((pair) => pair[1]))];
      found = otherKeys.length ? await base(lookup, other, db, true).filter({ pk__in: otherKeys }).fetch() : [];
      // Each instance's rows keep the related query's order (its model's ordering).
      const position = new Map(found.map((row, index) => [row.pk, index]));
      const linked = groupBy(pairs, (pair) => pair[0]);
      const accessor = fromTarget ? m2m.relatedName : m2m.name;
      for (const instance of instances) {
        const indexes = (linked.get(instance.pk) ?? []).map((pair) => position.get(pair[1])).filter((index): index is number => index !== undefined);
        store(instance, accessor, indexes.sort((a, b) => a - b).map((index) => found[index]));
      }
    } else {
      const fk = reverse!.field as ForeignKey;
      found = await base(lookup, reverse!.model, db, !reverse!.single).filter({ [`${fk.name}__in`]: pks }).fetch();
      const grouped = groupBy(found, (row) => (row as unknown as Row)[fk.attname]);
      for (const instance of instances) {
        const rows = grouped.get(instance.pk) ?? [];
        store(instance, reverse!.accessorName, reverse!.single ? (rows[0] ?? null) : rows);
      }
    }
  } else {
    throw new FieldError(`Cannot find '${name}' on ${meta.objectName} for prefetchRelated('${lookup.lookup}'). Choices are: ${meta.fieldNames().join(', ')}.`, { code: 'HYPER_ORM_UNKNOWN_RELATION' });
  }
  if (rest.length && found.length) await prefetchOne(found, new Prefetch(rest.join('__')), db);
  return found;
}

/** prefetchRelated()'s lookups run over the instances a QuerySet fetched; installed by src/orm/install.ts. */
export const prefetchRunner: PrefetchRunner = {
  async run(instances, lookups, db) {
    for (const spec of lookups) {
      const lookup = typeof spec === 'string' ? new Prefetch(spec) : spec;
      await prefetchOne(instances, lookup, db);
    }
  },
};
