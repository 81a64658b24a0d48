// From detected operations to the migrations to write: numbered and named per app,
// each depending on its app's previous migration and on the migrations of other apps
// whose models it points at. A relation to a model another app creates in the same run
// waits for that migration; when two apps point at each other's new models, the
// cycle-closing field moves to a second migration (create first, AddField after).
import { appOf, type MigrationKey } from './migration';
import type { MigrationGraph } from './graph';
import { MigrationError } from './errors';
import { migrationName, nextNumber, suggestName } from './naming';
import * as ops from './operations';
import type { Operation } from './operations/operation';
import { fieldsOf, specTargets } from './references';

export interface PlannedMigration {
  app: string;
  name: string;
  dependencies: MigrationKey[];
  operations: Operation[];
  initial: boolean;
}

function targetsOf(operation: Operation): string[] {
  return [...new Set(fieldsOf(operation).flatMap(specTargets))];
}

function createdBy(app: string, operation: Operation): string | undefined {
  return operation.operationName === 'CreateModel' ? `${app}.${(operation.deconstruct().name as string)}`.toLowerCase() : undefined;
}

/** The app's migration names and its one leaf (a MigrationError asks for --merge when there are several). */
function appHistory(graph: MigrationGraph, app: string): { names: string[]; leaf: string | undefined } {
  const names = graph.names(app);
  const leaves = graph.leaves(app);
  if (leaves.length > 1) throw new MigrationError(`Conflicting migrations in '${app}': ${leaves.join(', ')} are all leaves. Run \`hyper makemigrations --merge\` to merge them.`, { code: 'HYPER_MIGRATION_CONFLICT' });
  return { names, leaf: leaves[0]?.slice(app.length + 1) };
}

export function arrangeMigrations(byApp: ReadonlyMap<string, Operation[]>, graph: MigrationGraph, options: { name?: string } = {}): PlannedMigration[] {
  const queues = new Map([...byApp].filter(([, list]) => list.length).map(([app, list]) => [app, [...list]]));
  const created = new Map<string, string>();
  for (const [app, list] of queues) for (const operation of list) { const key = createdBy(app, operation); if (key) created.set(key, app); }
  const emitted = new Map<string, MigrationKey>();
  const previous = new Map<string, { names: string[]; leaf: string | undefined }>();
  const history = (app: string) => {
    if (!previous.has(app)) previous.set(app, appHistory(graph, app));
    return previous.get(app)!;
  };
  const planned: PlannedMigration[] = [];
  // A relation to a model another app creates in this run waits until that migration is planned.
  const waitsFor = (app: string, operation: Operation) => targetsOf(operation).filter((key) => appOf(key) !== app && created.has(key) && !emitted.has(key));

  const emit = (app: string, operations: Operation[]) => {
    const past = history(app);
    const number = nextNumber(past.names);
    const initial = past.names.length === 0;
    const single = operations.length && planned.every((migration) => migration.app !== app) && queues.get(app)!.length === 0;
    const name = migrationName(number, options.name && single ? options.name : suggestName(operations, initial));
    const dependencies: MigrationKey[] = past.leaf ? [[app, past.leaf]] : [];
    for (const target of new Set(operations.flatMap(targetsOf))) {
      const other = appOf(target);
      if (other === app) continue;
      const dependency = emitted.get(target) ?? (graph.leaves(other).length ? ([other, history(other).leaf!] as MigrationKey) : undefined);
      if (dependency && !dependencies.some(([a, n]) => a === dependency[0] && n === dependency[1])) dependencies.push(dependency);
    }
    dependencies.sort((a, b) => `${a[0]}.${a[1]}`.localeCompare(`${b[0]}.${b[1]}`));
    planned.push({ app, name, dependencies, operations, initial });
    past.names.push(name);
    past.leaf = name;
    for (const operation of operations) { const key = createdBy(app, operation); if (key) emitted.set(key, [app, name]); }
  };

  for (;;) {
    const apps = [...queues.keys()].filter((app) => queues.get(app)!.length).sort();
    if (!apps.length) break;
    let progress = false;
    for (const app of apps) {
      const queue = queues.get(app)!;
      const take: Operation[] = [];
      while (queue.length && !waitsFor(app, queue[0]).length) take.push(queue.shift()!);
      if (take.length) {
        emit(app, take);
        progress = true;
      }
    }
    if (progress) continue;
    // A cycle between apps: create the first blocked model without the fields that wait, add them later.
    const app = apps[0];
    const queue = queues.get(app)!;
    const blocked = queue[0];
    if (blocked.operationName !== 'CreateModel') {
      emit(app, [queue.shift()!]);
      continue;
    }
    const args = blocked.deconstruct() as { name: string; fields: Array<readonly [string, import('./field-specs').FieldSpec]>; options?: object };
    const waiting = (spec: import('./field-specs').FieldSpec) => specTargets(spec).some((key) => appOf(key) !== app && created.has(key) && !emitted.has(key));
    const later = args.fields.filter(([, spec]) => waiting(spec));
    queue[0] = ops.CreateModel({ ...args, fields: args.fields.filter(([, spec]) => !waiting(spec)) } as ConstructorParameters<typeof ops.CreateModel>[0]);
    queue.push(...later.map(([name, field]) => ops.AddField({ modelName: args.name.toLowerCase(), name, field })));
  }
  return planned;
}

/** The planned migrations of these apps, and those of other apps they depend on. */
export function keepApps(planned: PlannedMigration[], apps: readonly string[]): PlannedMigration[] {
  const keep = new Set(planned.filter((migration) => apps.includes(migration.app)).map((migration) => `${migration.app}.${migration.name}`));
  for (let index = planned.length - 1; index >= 0; index--) {
    const migration = planned[index];
    if (!keep.has(`${migration.app}.${migration.name}`)) continue;
    for (const [app, name] of migration.dependencies) keep.add(`${app}.${name}`);
  }
  return planned.filter((migration) => keep.has(`${migration.app}.${migration.name}`));
}
