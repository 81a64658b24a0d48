// URL system checks (tag 'urls'), documented in docs/checks.md.
import { register, Tags } from '../checks/registry';
import { CheckError, Warning as CheckWarning, type CheckMessage } from '../checks/messages';
import { URLPattern, type UrlEntry } from './patterns';
import { getResolver } from './resolver';

export function checkUrlConfig(context: { settings: { values: Record<string, unknown> } }): CheckMessage[] {
  if (!context.settings.values.ROOT_URLCONF) return [];
  let entries: readonly UrlEntry[];
  try {
    entries = getResolver().urlPatterns;
  } catch (error) {
    return [new CheckError(`The URLconf cannot be loaded: ${(error as Error).message.split('\n')[0]}`, { id: 'urls.E001', hint: 'Fix ROOT_URLCONF or the module it names; it must export urlpatterns.' })];
  }
  const out: CheckMessage[] = [];
  const namespaces = new Map<string, number>();
  const walk = (list: readonly UrlEntry[], prefix: string) => {
    for (const entry of list) {
      const route = entry.pattern.route;
      const where = `'${prefix}${route}'`;
      if (!entry.pattern.isRegex) {
        if (route.startsWith('/') && !(prefix === '' && route === '/')) {
          out.push(new CheckWarning(`Your URL pattern ${where} has a route beginning with a '/'. Remove this slash as it is unnecessary.`, { id: 'urls.W002' }));
        }
        if (route.startsWith('^') || route.endsWith('$') || route.includes('(?P<') || route.includes('(?<')) {
          out.push(new CheckWarning(`Your URL pattern ${where} has a route that contains '(?P<', begins with '^', or ends with '$'. This was likely an oversight when migrating to path(); use rePath() for regular expressions.`, { id: 'urls.W006' }));
        }
      } else if (!(entry instanceof URLPattern) && route.endsWith('$') && !route.endsWith('\\$')) {
        out.push(new CheckWarning(`Your URL pattern ${where} uses include with a route ending with a '$'. Remove the dollar from the route to avoid problems including URLs.`, { id: 'urls.W001' }));
      }
      if (entry instanceof URLPattern) {
        if (entry.name?.includes(':')) {
          out.push(new CheckWarning(`Your URL pattern ${where} [name='${entry.name}'] has a name including a ':'. Remove the colon, to avoid ambiguous namespace references.`, { id: 'urls.W003' }));
        }
        continue;
      }
      if (entry.namespace) {
        const key = entry.appName ? `${entry.appName}:${entry.namespace}` : entry.namespace;
        namespaces.set(key, (namespaces.get(key) ?? 0) + 1);
      }
      let sub: readonly UrlEntry[];
      try {
        sub = entry.urlPatterns;
      } catch (error) {
        out.push(new CheckError(`The URLconf included at ${where} cannot be loaded: ${(error as Error).message.split('\n')[0]}`, { id: 'urls.E004' }));
        continue;
      }
      walk(sub, prefix + route);
    }
  };
  walk(entries, '');
  for (const [key, count] of namespaces) {
    if (count > 1) {
      out.push(new CheckWarning(`URL namespace '${key}' isn't unique. You may not be able to reverse all URLs in this namespace.`, { id: 'urls.W005' }));
    }
  }
  return out;
}

register(checkUrlConfig, Tags.urls);
