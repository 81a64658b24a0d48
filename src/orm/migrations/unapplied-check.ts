// migrations.W002: migrations not applied to a database. It queries the database, so
// it is a 'database' check: `hyper check --database default` runs it; runserver
// reports the same list once it listens.
import { Warning, type CheckMessage } from '../../checks/messages';
import { register, Tags, type CheckContext } from '../../checks/registry';
import { appOf } from './migration';

/** The keys of migrations not applied to `database`, in the order migrate would apply them. */
export async function unappliedMigrations(database = 'default'): Promise<string[]> {
  // Loaded here, not at the top: registering this check (every `hyper check`) must not load the database layer.
  const { apps } = require('../../apps/registry') as typeof import('../../apps/registry');
  const { connections } = require('../../db') as typeof import('../../db');
  const { MigrationGraph } = require('./graph') as typeof import('./graph');
  const { loadMigrations } = require('./loader') as typeof import('./loader');
  const { MigrationRecorder } = require('./recorder') as typeof import('./recorder');
  const migrations = loadMigrations(apps.getAppConfigs());
  if (!migrations.size) return [];
  const recorded = await new MigrationRecorder(connections.get(database)).applied();
  const graph = new MigrationGraph(migrations, recorded);
  return graph.order().filter((key) => !graph.nodes.get(key)!.isAppliedIn(recorded));
}

/** The apps of migration keys ('app.name'), each once, in the order they come. */
export function appsOf(keys: readonly string[]): string[] {
  return [...new Set(keys.map(appOf))];
}

export async function checkUnappliedMigrations({ databases }: CheckContext): Promise<CheckMessage[]> {
  const messages: CheckMessage[] = [];
  for (const database of databases) {
    const pending = await unappliedMigrations(database);
    if (!pending.length) continue;
    const apps = appsOf(pending).join(', ');
    messages.push(
      new Warning(`You have ${pending.length} unapplied migration(s) on database '${database}' (apps: ${apps}). The project may not work properly until they are applied.`, {
        id: 'migrations.W002',
        hint: 'Run `hyper migrate` to apply them.',
      }),
    );
  }
  return messages;
}

register(checkUnappliedMigrations, Tags.database);
