// Natural keys, as Django's: a model whose instances have naturalKey() (a list of
// values that identify a row without its primary key: a username, a permission's
// codename and app) and whose manager or class has getByNaturalKey(...key) can be
// referred to by that key in fixtures (dumpdata --natural-foreign).
import type { Model } from '../model/model';
import type { ModelClass } from '../model/types';

type NaturalKeyed = { naturalKey(): unknown[] };
type KeyGetter = (...key: unknown[]) => Promise<Model>;

/** Whether instances of `model` can be written by natural key. */
export function hasNaturalKey(model: ModelClass): boolean {
  return typeof (model.prototype as unknown as Partial<NaturalKeyed>).naturalKey === 'function';
}

/** An instance's natural key. */
export function naturalKeyOf(instance: Model): unknown[] {
  return (instance as unknown as NaturalKeyed).naturalKey();
}

/** getByNaturalKey of the model's default manager, else of the class itself; undefined when neither has one. */
export function naturalKeyGetter(model: ModelClass, db: string): KeyGetter | undefined {
  const manager = (model as unknown as { objects: { using(db: string): unknown; getByNaturalKey?: KeyGetter } }).objects;
  if (typeof manager?.getByNaturalKey === 'function') {
    const bound = manager.using(db) as { getByNaturalKey?: KeyGetter };
    const target = typeof bound.getByNaturalKey === 'function' ? bound : manager;
    return (...key) => target.getByNaturalKey!(...key);
  }
  const own = (model as unknown as { getByNaturalKey?: KeyGetter }).getByNaturalKey;
  return typeof own === 'function' ? (...key) => own.call(model, ...key) : undefined;
}
