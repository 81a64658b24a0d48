// The ORM's wiring point. Model classes and their instances (src/orm/model) sit below
// the query layer (src/orm/query) that saves, deletes and fetches them, so the model
// layer declares typed slots and this function fills them with the query layer's code.
// hyperdjango/db (src/orm/index.ts) calls it, so models work wherever they are imported.
import { persistence } from './model/model';
import { relatedManagers } from './model/prepare';
import { managerFor } from './query/manager';
import { instancePersistence } from './query/persistence';
import { prefetchRunner } from './query/prefetch';
import { prefetcher } from './query/query-set';
import { relatedManagerFactory } from './query/related-managers';

/** Puts the query layer under the models: save()/delete()/objects, related managers, prefetchRelated(). */
export function installOrm(): void {
  persistence.install({ ...instancePersistence, manager: managerFor });
  relatedManagers.install(relatedManagerFactory);
  prefetcher.install(prefetchRunner);
}
