// What `hyper shell` imports before the prompt: the settings, the query vocabulary
// (Q, F, the aggregates, atomic) and every model of the installed apps, so that
// `await Post.objects.count()` works on the first line.
import * as orm from '../../orm';
import { settings } from '../../conf/settings';
import { allModels } from '../../orm/model/registry';
import { optionsOf } from '../../orm/model/prepare';

export interface ShellImport {
  /** Where the names come from, as a user would import them: 'hyperdjango/db', 'blog'. */
  source: string;
  names: string[];
}

export interface ShellNamespace {
  values: Record<string, unknown>;
  imports: ShellImport[];
  /** Models not imported because an earlier app has a model of the same name. */
  shadowed: string[];
}

const DB_NAMES = ['Q', 'F', 'Value', 'Count', 'Sum', 'Avg', 'Min', 'Max', 'StdDev', 'Variance', 'Prefetch', 'Subquery', 'OuterRef', 'Exists', 'atomic', 'connections'] as const;

export function shellNamespace(options: { imports: boolean }): ShellNamespace {
  const namespace: ShellNamespace = { values: {}, imports: [], shadowed: [] };
  if (!options.imports) return namespace;
  namespace.values.settings = settings;
  namespace.imports.push({ source: 'hyperdjango/conf', names: ['settings'] });
  for (const name of DB_NAMES) namespace.values[name] = orm[name];
  namespace.imports.push({ source: 'hyperdjango/db', names: [...DB_NAMES] });
  // Installed apps in INSTALLED_APPS order: the first app wins a model name, as it wins a command name.
  const byApp = new Map<string, string[]>();
  for (const model of allModels()) {
    const label = optionsOf(model).appLabel;
    if (model.name in namespace.values) {
      namespace.shadowed.push(`${label}.${model.name}`);
      continue;
    }
    namespace.values[model.name] = model;
    byApp.set(label, [...(byApp.get(label) ?? []), model.name]);
  }
  for (const [label, names] of byApp) namespace.imports.push({ source: `${label} models`, names });
  return namespace;
}

/** "14 objects imported automatically" and, at verbosity 2, where each comes from. */
export function describeNamespace(namespace: ShellNamespace, verbosity: number): string {
  const count = Object.keys(namespace.values).length;
  const noun = count === 1 ? 'object' : 'objects';
  if (verbosity < 2) return `${count} ${noun} imported automatically (use -v 2 for details).`;
  const lines = [`${count} ${noun} imported automatically:`];
  for (const entry of namespace.imports) lines.push(`  from ${entry.source}: ${entry.names.join(', ')}`);
  for (const label of namespace.shadowed) lines.push(`  not imported: ${label} (an earlier app has a model of that name)`);
  return lines.join('\n');
}
