// System checks of the caches (tag: caches). At `check --deploy` each alias of CACHES is
// built and asked for a key, so a Redis that cannot be reached or a cache table never
// created is found before the site serves. The warning about local memory under several
// workers is serve's (commands/serve.ts), which alone knows the worker count.
import { CheckError, Warning, type CheckMessage } from '../checks/messages';
import { register, Tags } from '../checks/registry';
import { caches } from './caches';
import { LocMemCache } from './locmem';

export async function checkCachesReachable(): Promise<CheckMessage[]> {
  const out: CheckMessage[] = [];
  for (const alias of caches.aliases) {
    try {
      await caches.get(alias).get('hyper-check-probe');
    } catch (error) {
      out.push(new CheckError(`Cache '${alias}' cannot be used: ${(error as Error).message}`, { id: 'caches.E001', obj: `CACHES['${alias}']`, hint: 'Start the store (Redis, the database), run `hyper createcachetable` for a database cache, or fix LOCATION.' }));
    }
  }
  return out;
}

/** caches.W001: the local-memory aliases, which each worker process would hold on its own (serve --workers). */
export function localMemoryWarnings(workers: number): CheckMessage[] {
  if (workers <= 1) return [];
  return caches.aliases
    .filter((alias) => caches.get(alias) instanceof LocMemCache)
    .map((alias) => new Warning(`Cache '${alias}' is in local memory, so each of the ${workers} workers keeps its own: values, sessions and limits stored in it are not shared.`, { id: 'caches.W001', obj: `CACHES['${alias}']`, hint: "Use 'hyperdjango.cache.RedisCache' or 'hyperdjango.cache.DatabaseCache' for what the workers must share." }));
}

register(checkCachesReachable, Tags.caches, { deploy: true });
