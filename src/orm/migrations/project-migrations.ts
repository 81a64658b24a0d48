// The migrations of the installed apps against one database: what the migrate,
// showmigrations and sqlmigrate commands start from.
import { apps } from '../../apps/registry';
import { closestMatch } from '../../core/suggest';
import { connections } from '../../db';
import { MigrationError } from './errors';
import { MigrationExecutor } from './executor';
import { MigrationGraph } from './graph';
import { loadMigrations } from './loader';
import type { Migration } from './migration';
import { MigrationRecorder } from './recorder';

export interface ProjectMigrations {
  graph: MigrationGraph;
  executor: MigrationExecutor;
  applied: Set<string>;
}

export async function projectMigrations(database = 'default'): Promise<ProjectMigrations> {
  const migrations = loadMigrations(apps.getAppConfigs());
  const recorded = await new MigrationRecorder(connections.get(database)).applied();
  const graph = new MigrationGraph(migrations, recorded);
  const conflicts = graph.conflicts();
  if (conflicts.size) {
    const listed = [...conflicts].map(([app, leaves]) => `${leaves.map((key) => key.slice(app.length + 1)).join(', ')} in ${app}`).join('; ');
    throw new MigrationError(`Conflicting migrations detected; multiple leaf nodes in the migration graph: (${listed}). To fix them run 'hyper makemigrations --merge'.`, { code: 'HYPER_MIGRATION_CONFLICT' });
  }
  const executor = new MigrationExecutor(graph, database);
  return { graph, executor, applied: executor.withSquashes(recorded) };
}

/** An app label given on the command line: installed, and with migrations. */
export function requireAppWithMigrations(graph: MigrationGraph, app: string): void {
  if (!apps.hasApp(app)) {
    const hint = closestMatch(app, apps.getAppConfigs().map((config) => config.label));
    throw new MigrationError(`No installed app with label '${app}'.${hint ? ` Did you mean '${hint}'?` : ''}`, { code: 'HYPER_MIGRATION_UNKNOWN_APP' });
  }
  if (![...graph.nodes.values()].some((migration) => migration.app === app)) throw new MigrationError(`App '${app}' does not have migrations.`, { code: 'HYPER_MIGRATION_NO_MIGRATIONS' });
}

/**
 * A migration of an app by name or unique prefix ('0002' for 0002_post_slug). The
 * prefix is matched against every file of the app, those a squashed migration replaces
 * included, so '0002' is ambiguous beside 0002_auto and 0002_seed whichever the graph uses.
 */
export function findMigration(graph: MigrationGraph, app: string, prefix: string): Migration {
  const names = graph.names(app);
  const matches = names.includes(prefix) ? [prefix] : names.filter((name) => name.startsWith(prefix));
  if (matches.length > 1) throw new MigrationError(`More than one migration matches '${prefix}' in app '${app}' (${matches.join(', ')}). Please be more specific.`, { code: 'HYPER_MIGRATION_AMBIGUOUS_NAME' });
  if (!matches.length) throw new MigrationError(`Cannot find a migration matching '${prefix}' from app '${app}'.`, { code: 'HYPER_MIGRATION_UNKNOWN_MIGRATION' });
  const key = `${app}.${matches[0]}`;
  const found = graph.nodes.get(key);
  if (found) return found;
  const squashed = [...graph.nodes.values()].find((migration) => migration.replaces.some(([a, n]) => `${a}.${n}` === key));
  throw new MigrationError(`Migration ${key} is replaced by the squashed migration ${squashed?.key ?? '(unknown)'}: give that one instead.`, { code: 'HYPER_MIGRATION_REPLACED' });
}
