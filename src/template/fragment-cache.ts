// The runtime of `{% cache timeout name vars... [using="alias"] %}`: Django's template
// fragment caching. The key is Django's make_template_fragment_key; the alias is `using`,
// else 'template_fragments' when CACHES has it, else 'default'. A cache that cannot be
// reached renders the fragment as if it were not cached (and logs why).
import * as crypto from 'node:crypto';
import { caches } from '../cache/caches';
import { CacheError } from '../cache/errors';
import { defaultLog } from '../http/log';

/** The key of a fragment (Django's make_template_fragment_key), to delete it from a view. */
export function makeTemplateFragmentKey(name: string, varyOn: readonly unknown[] = []): string {
  const hash = crypto.createHash('md5');
  hash.update(varyOn.map((value) => encodeURIComponent(String(value))).join(':'));
  return `template.cache.${name}.${hash.digest('hex')}`;
}

function fragmentCache(using: unknown) {
  if (using !== undefined && using !== null) return caches.get(String(using));
  return caches.get(caches.aliases.includes('template_fragments') ? 'template_fragments' : 'default');
}

export async function fragmentGet(key: string, using: unknown): Promise<string | undefined> {
  try {
    return await fragmentCache(using).get<string>(key);
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    defaultLog('warning', `{% cache %}: ${error.message}`);
    return undefined;
  }
}

export async function fragmentSet(key: string, html: string, timeout: unknown, using: unknown): Promise<void> {
  const seconds = timeout === null || timeout === undefined ? null : Number(timeout);
  try {
    await fragmentCache(using).set(key, html, seconds);
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    defaultLog('warning', `{% cache %}: ${error.message}`);
  }
}
