// squashmigrations: one migration standing for a run of an app's migrations, its
// operations optimized, listing them in `replaces` so that databases that applied the
// originals and new ones that apply the squashed migration both keep working.
import { MigrationError } from './errors';
import type { MigrationGraph } from './graph';
import type { MigrationKey } from './migration';
import { optimize } from './optimizer';
import type { Operation } from './operations/operation';

export interface SquashPlan {
  app: string;
  name: string;
  dependencies: MigrationKey[];
  operations: Operation[];
  replaces: MigrationKey[];
  initial: boolean;
  /** How many operations the originals had, before optimizing. */
  originalCount: number;
}

function find(names: string[], app: string, prefix: string): string {
  const exact = names.find((name) => name === prefix);
  if (exact) return exact;
  const matches = names.filter((name) => name.startsWith(prefix));
  if (matches.length === 1) return matches[0];
  if (!matches.length) throw new MigrationError(`Cannot find a migration of '${app}' matching '${prefix}'. Its migrations: ${names.join(', ') || '(none)'}.`, { code: 'HYPER_MIGRATION_UNKNOWN_MIGRATION' });
  throw new MigrationError(`More than one migration of '${app}' matches '${prefix}': ${matches.join(', ')}. Give more of the name.`, { code: 'HYPER_MIGRATION_AMBIGUOUS_NAME' });
}

export function planSquash(graph: MigrationGraph, app: string, start: string | undefined, end: string, options: { optimize?: boolean; squashedName?: string } = {}): SquashPlan {
  const keys = graph.order().filter((key) => graph.nodes.get(key)!.app === app);
  const names = keys.map((key) => graph.nodes.get(key)!.name);
  const last = names.indexOf(find(names, app, end));
  const first = start === undefined ? 0 : names.indexOf(find(names, app, start));
  if (first > last) throw new MigrationError(`The start migration ${names[first]} comes after the end migration ${names[last]} in '${app}': swap them.`, { code: 'HYPER_MIGRATION_INVALID_RANGE' });
  const range = keys.slice(first, last + 1).map((key) => graph.nodes.get(key)!);
  const inRange = new Set(range.map((migration) => migration.key));
  // A squashed migration inside the range stands for the ones it replaced.
  const replaces: MigrationKey[] = range.flatMap((migration) => (migration.replaces.length ? migration.replaces.map(([a, n]) => [a, n] as const) : [[app, migration.name] as const]));
  const replaced = new Set([...inRange, ...replaces.map(([a, n]) => `${a}.${n}`)]);
  const dependencies: MigrationKey[] = [];
  for (const migration of range) {
    for (const [depApp, depName] of migration.dependencies) {
      const key = `${depApp}.${depName}`;
      if (replaced.has(key) || dependencies.some(([a, n]) => a === depApp && n === depName)) continue;
      dependencies.push([depApp, depName]);
    }
  }
  dependencies.sort((a, b) => `${a[0]}.${a[1]}`.localeCompare(`${b[0]}.${b[1]}`));
  const operations = range.flatMap((migration) => migration.operations);
  const number = names[first].slice(0, 4);
  const name = options.squashedName ? `${number}_${options.squashedName}` : `${number}_squashed_${names[last]}`;
  if (names.includes(name)) throw new MigrationError(`'${app}' already has a migration named ${name}; choose another with --squashed-name.`, { code: 'HYPER_MIGRATION_NAME_TAKEN' });
  return {
    app,
    name,
    dependencies,
    operations: options.optimize === false ? operations : optimize(app, operations),
    replaces,
    initial: range[0].initial || first === 0,
    originalCount: operations.length,
  };
}
