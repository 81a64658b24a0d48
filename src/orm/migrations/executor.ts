// Applying and unapplying migrations. A run holds the migrate lock (migrate-lock.ts)
// from before it creates the recorder table to its end; each migration runs in one
// transaction (unless it says atomic: false) that re-reads what is applied, so two
// `migrate` runs started together apply each migration once.
import { atomic, connections, type Connection } from '../../db';
import { MigrationError } from './errors';
import { MigrationGraph } from './graph';
import type { Migration } from './migration';
import { CreateModel } from './operations/model-operations';
import { withMigrateLock } from './migrate-lock';
import { MigrationRecorder } from './recorder';
import { SchemaEditor } from './schema-editor';
import { ProjectState } from './state';
import { optionsOf } from '../model/prepare';

export { MIGRATE_LOCK } from './migrate-lock';

export interface PlanStep {
  migration: Migration;
  backwards: boolean;
}

export interface ExecuteOptions {
  fake?: boolean;
  fakeInitial?: boolean;
  /** Called as each step starts and ends, for progress lines. */
  progress?: (event: { step: PlanStep; phase: 'start' | 'done' | 'skipped' | 'faked'; ms?: number }) => void;
}

export class MigrationExecutor {
  readonly connection: Connection;
  readonly recorder: MigrationRecorder;

  constructor(
    readonly graph: MigrationGraph,
    readonly database = 'default',
  ) {
    this.connection = connections.get(database);
    this.recorder = new MigrationRecorder(this.connection);
  }

  /**
   * The steps to reach `targets`: [app, name] for a migration, [app, null] for none of
   * the app's ('zero'). Forwards: what is missing among the targets' ancestors;
   * backwards: what is applied among the descendants of what must go.
   */
  plan(targets: ReadonlyArray<readonly [string, string | null]>, applied: ReadonlySet<string>): PlanStep[] {
    const steps: PlanStep[] = [];
    const seen = new Set<string>();
    for (const [app, name] of targets) {
      if (name === null) {
        const roots = this.graph.order().filter((key) => this.graph.nodes.get(key)!.app === app);
        const remove = new Set(roots.flatMap((key) => this.graph.descendants(key)));
        for (const key of [...this.graph.order()].reverse()) {
          if (remove.has(key) && applied.has(key) && !seen.has(key)) {
            seen.add(key);
            steps.push({ migration: this.graph.nodes.get(key)!, backwards: true });
          }
        }
        continue;
      }
      const key = `${app}.${name}`;
      if (applied.has(key)) {
        // Going back to `key`: unapply its app's later migrations and whatever depends on them.
        const later = this.graph.order().filter((node) => node !== key && this.graph.nodes.get(node)!.app === app && this.graph.ancestors(node).includes(key));
        const remove = new Set(later.flatMap((node) => this.graph.descendants(node)));
        for (const node of [...this.graph.order()].reverse()) {
          if (remove.has(node) && applied.has(node) && !seen.has(node)) {
            seen.add(node);
            steps.push({ migration: this.graph.nodes.get(node)!, backwards: true });
          }
        }
      } else {
        for (const node of this.graph.ancestors(key)) {
          if (!applied.has(node) && !seen.has(node)) {
            seen.add(node);
            steps.push({ migration: this.graph.nodes.get(node)!, backwards: false });
          }
        }
      }
    }
    return steps;
  }

  /** Targets for "everything": each app's leaf. */
  allLeaves(): Array<[string, string]> {
    const apps = [...new Set([...this.graph.nodes.values()].map((migration) => migration.app))].sort();
    return apps.flatMap((app) => this.graph.leaves(app).map((key) => [app, key.slice(app.length + 1)] as [string, string]));
  }

  /** `recorded` plus the squashed migrations in the graph whose replaced migrations are all recorded. */
  withSquashes(recorded: ReadonlySet<string>): Set<string> {
    const out = new Set(recorded);
    for (const migration of this.graph.nodes.values()) if (migration.isAppliedIn(recorded)) out.add(migration.key);
    return out;
  }

  private statesBefore: Map<string, ProjectState> | undefined;

  /**
   * The state before a migration: everything ordered before it in the graph. One pass
   * snapshots them all, so applying n migrations does not replay the history n times.
   */
  stateBefore(migration: Migration): ProjectState {
    if (!this.statesBefore) {
      this.statesBefore = new Map();
      const state = new ProjectState();
      for (const key of this.graph.order()) {
        this.statesBefore.set(key, state.clone());
        const node = this.graph.nodes.get(key)!;
        for (const operation of node.operations) operation.stateForwards(node.app, state);
      }
    }
    return this.statesBefore.get(migration.key)!;
  }

  /** Runs the steps under the migrate lock (already held when the caller took it to plan them). */
  run(steps: readonly PlanStep[], options: ExecuteOptions = {}): Promise<void> {
    return withMigrateLock(this.database, async () => {
      await this.recorder.ensureTable();
      for (const step of steps) {
        const started = Date.now();
        options.progress?.({ step, phase: 'start' });
        const outcome = await this.runStep(step, options);
        options.progress?.({ step, phase: outcome, ms: Date.now() - started });
      }
      await this.recordSquashes();
    });
  }

  /**
   * Records each squashed migration whose replaced migrations are all applied (Django's
   * check_replacements), so that the database still counts as having it once the old
   * migrations and its `replaces` are deleted.
   */
  private async recordSquashes(): Promise<void> {
    const recorded = await this.recorder.applied();
    for (const migration of this.graph.nodes.values()) {
      if (!recorded.has(migration.key) && migration.isAppliedIn(recorded)) await this.recorder.recordApplied(migration.app, migration.name);
    }
  }

  private async runStep(step: PlanStep, options: ExecuteOptions): Promise<'done' | 'skipped' | 'faked'> {
    const { migration, backwards } = step;
    const body = async (): Promise<'done' | 'skipped' | 'faked'> => {
      // A plan made before the lock was taken may be stale: another migrate may have done this step.
      const applied = migration.isAppliedIn(await this.recorder.applied());
      if (applied !== backwards) return 'skipped';
      const fake = options.fake || (!backwards && options.fakeInitial && migration.initial && (await this.tablesExist(migration)));
      if (!fake) await this.apply(migration, backwards, new SchemaEditor(this.connection));
      if (backwards) await this.recorder.recordUnapplied(migration.app, migration.name);
      else await this.recorder.recordApplied(migration.app, migration.name);
      // A squashed migration stands for the ones it replaces, in both directions.
      for (const [app, name] of migration.replaces) {
        if (backwards) await this.recorder.recordUnapplied(app, name);
        else await this.recorder.recordApplied(app, name);
      }
      return fake ? 'faked' : 'done';
    };
    if (migration.atomic) return atomic(body, { using: this.database });
    return body();
  }

  /** Runs a migration's operations forwards, or backwards in reverse, each between the states around it. */
  async apply(migration: Migration, backwards: boolean, editor: SchemaEditor): Promise<void> {
    const states = [this.stateBefore(migration)];
    for (const operation of migration.operations) {
      const next = states[states.length - 1].clone();
      operation.stateForwards(migration.app, next);
      states.push(next);
    }
    if (!backwards) {
      for (const [index, operation] of migration.operations.entries()) await operation.databaseForwards(migration.app, editor, states[index], states[index + 1]);
      return;
    }
    for (let index = migration.operations.length - 1; index >= 0; index--) {
      const operation = migration.operations[index];
      if (!operation.reversible) throw new MigrationError(`Migration ${migration.key} cannot be unapplied: its operation "${operation.describe()}" is not reversible.`, { code: 'HYPER_MIGRATION_IRREVERSIBLE' });
      await operation.databaseBackwards(migration.app, editor, states[index + 1], states[index]);
    }
  }

  /** --fake-initial: an initial migration whose tables all exist already is recorded without running. */
  private async tablesExist(migration: Migration): Promise<boolean> {
    const creates = migration.operations.filter((operation): operation is CreateModel => operation instanceof CreateModel);
    if (!creates.length) return false;
    const after = this.stateBefore(migration).clone();
    for (const operation of migration.operations) operation.stateForwards(migration.app, after);
    for (const operation of creates) {
      const table = optionsOf(after.model(`${migration.app}.${operation.name}`)).dbTable;
      const found = await this.connection.execute<{ t: string | null }>({ sql: 'SELECT to_regclass($1)::text AS t', parameters: [`"${table}"`] });
      if (!found.rows[0]?.t) return false;
    }
    return true;
  }

  /** The SQL of one migration (sqlmigrate), without running it. */
  sqlFor(migration: Migration, backwards: boolean): Promise<string[]> {
    const editor = new SchemaEditor(null);
    return this.apply(migration, backwards, editor).then(() => editor.collected);
  }
}
