// The migration graph: migrations as nodes, dependencies as edges. It orders them,
// finds each app's leaf, plans forwards and backwards, and replays operations into
// states. Planning never touches the database or renders models, so it stays fast on
// long histories.
import { MigrationError } from './errors';
import type { Migration } from './migration';
import { ProjectState } from './state';

export class MigrationGraph {
  readonly nodes: Map<string, Migration>;
  /** Every migration on disk, also those a squashed migration stands in for. */
  readonly onDisk: ReadonlyMap<string, Migration>;
  private readonly parents = new Map<string, string[]>();
  private orderCache: string[] | undefined;

  /** `applied`: keys recorded as applied, to choose between a squashed migration and the ones it replaces. */
  constructor(migrations: Map<string, Migration>, applied: ReadonlySet<string> = new Set()) {
    this.nodes = new Map(migrations);
    this.onDisk = new Map(migrations);
    for (const migration of migrations.values()) {
      if (!migration.replaces.length) continue;
      const replaced = migration.replaces.map(([app, name]) => `${app}.${name}`);
      const appliedCount = replaced.filter((key) => applied.has(key)).length;
      // Partly applied: keep the originals; otherwise the squashed one stands for them.
      if (appliedCount > 0 && appliedCount < replaced.length) this.nodes.delete(migration.key);
      else for (const key of replaced) this.nodes.delete(key);
    }
    const alias = new Map<string, string>();
    for (const migration of migrations.values()) {
      if (this.nodes.has(migration.key)) for (const [app, name] of migration.replaces) alias.set(`${app}.${name}`, migration.key);
    }
    for (const migration of this.nodes.values()) {
      const parents = migration.dependencies.map(([app, name]) => {
        const key = alias.get(`${app}.${name}`) ?? `${app}.${name}`;
        if (!this.nodes.has(key)) {
          throw new MigrationError(`Migration ${migration.key} depends on ${app}.${name}, which does not exist. Check the dependencies of ${migration.key}, or that '${app}' is in INSTALLED_APPS.`, { code: 'HYPER_MIGRATION_UNKNOWN_DEPENDENCY' });
        }
        return key;
      });
      this.parents.set(migration.key, [...new Set(parents.filter((key) => key !== migration.key))]);
    }
  }

  /** Every migration, parents before children; ties broken by key so the order is stable. */
  order(): string[] {
    if (this.orderCache) return this.orderCache;
    const done = new Set<string>();
    const visiting = new Set<string>();
    const out: string[] = [];
    const visit = (key: string, trail: string[]) => {
      if (done.has(key)) return;
      if (visiting.has(key)) throw new MigrationError(`Circular dependency between migrations: ${[...trail, key].join(' -> ')}.`, { code: 'HYPER_MIGRATION_CIRCULAR_DEPENDENCY' });
      visiting.add(key);
      for (const parent of [...(this.parents.get(key) ?? [])].sort()) visit(parent, [...trail, key]);
      visiting.delete(key);
      done.add(key);
      out.push(key);
    };
    for (const key of [...this.nodes.keys()].sort()) visit(key, []);
    this.orderCache = out;
    return out;
  }

  /** The leaves of an app: its migrations no other migration of the app depends on. */
  leaves(app: string): string[] {
    const ofApp = [...this.nodes.values()].filter((migration) => migration.app === app).map((migration) => migration.key);
    const withChildren = new Set(ofApp.flatMap((key) => this.parents.get(key) ?? []));
    return ofApp.filter((key) => !withChildren.has(key)).sort();
  }

  /** The names of an app's migration files, replaced ones included: what a new number must pass, what a prefix may match. */
  names(app: string): string[] {
    return [...this.onDisk.values()].filter((migration) => migration.app === app).map((migration) => migration.name).sort();
  }

  /** Apps with more than one leaf: conflicting migrations that need a merge. */
  conflicts(): Map<string, string[]> {
    const apps = new Set([...this.nodes.values()].map((migration) => migration.app));
    const out = new Map<string, string[]>();
    for (const app of [...apps].sort()) {
      const leaves = this.leaves(app);
      if (leaves.length > 1) out.set(app, leaves);
    }
    return out;
  }

  /** The node and everything it depends on, in order. */
  ancestors(key: string): string[] {
    const wanted = new Set<string>();
    const walk = (node: string) => {
      if (wanted.has(node)) return;
      wanted.add(node);
      for (const parent of this.parents.get(node) ?? []) walk(parent);
    };
    walk(key);
    return this.order().filter((node) => wanted.has(node));
  }

  /** The node and everything that depends on it, in order. */
  descendants(key: string): string[] {
    const wanted = new Set([key]);
    for (const node of this.order()) if ((this.parents.get(node) ?? []).some((parent) => wanted.has(parent))) wanted.add(node);
    return this.order().filter((node) => wanted.has(node));
  }

  /** The state after applying `keys` (all migrations when omitted), in graph order. */
  state(keys?: Iterable<string>): ProjectState {
    const wanted = keys ? new Set(keys) : undefined;
    const state = new ProjectState();
    for (const key of this.order()) {
      if (wanted && !wanted.has(key)) continue;
      const migration = this.nodes.get(key)!;
      for (const operation of migration.operations) operation.stateForwards(migration.app, state);
    }
    return state;
  }
}
