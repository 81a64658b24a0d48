// Settings that name classes (PASSWORD_HASHERS, AUTH_PASSWORD_VALIDATORS,
// AUTHENTICATION_BACKENDS): a framework name ('hyperdjango.auth.ModelBackend', or
// Django's dotted name with the same class name), a project module
// ('accounts/backends#EmailBackend'), or the class itself.
import { settings } from '../../conf/settings';
import { ImproperlyConfigured } from '../../core/errors';
import { loadExport } from '../../core/module-export';
import { didYouMean } from '../../core/suggest';

export type Constructor<T> = new (...args: never[]) => T;

export function loadClass<T>(entry: unknown, known: Record<string, Constructor<T>>, setting: string): Constructor<T> {
  if (typeof entry === 'function') return entry as Constructor<T>;
  if (typeof entry !== 'string') throw new ImproperlyConfigured(`${setting}: expected a class or a name, got ${typeof entry}.`);
  const builtin = known[entry.startsWith('hyperdjango.auth.') || entry.startsWith('django.') ? entry.split('.').pop()! : ''];
  if (builtin) return builtin;
  if (entry.startsWith('hyperdjango.') || entry.startsWith('django.')) {
    const names = Object.keys(known).map((name) => `hyperdjango.auth.${name}`);
    throw new ImproperlyConfigured(`${setting}: '${entry}' is not a framework class.${didYouMean(entry, names) || ` Known: ${names.join(', ')}.`}`);
  }
  return loadExport(entry, settings.BASE_DIR || process.cwd(), { setting }) as unknown as Constructor<T>;
}

/**
 * Instances of a setting's classes, made again only when the setting's value changes
 * (tests configure new settings; a running server keeps its list).
 */
export function cachedInstances<T>(read: () => readonly unknown[], make: (entry: unknown) => T): () => T[] {
  let source: readonly unknown[] | undefined;
  let made: T[] = [];
  return () => {
    const current = read();
    if (current !== source) {
      made = current.map(make);
      source = current;
    }
    return made;
  };
}
