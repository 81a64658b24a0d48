// migrations.W001: model changes that no migration records yet, for apps that have
// migrations (an app with none is not migrated at all, so it has nothing pending).
import { Warning, type CheckMessage } from '../../checks/messages';
import { register, Tags, type CheckContext } from '../../checks/registry';

let suspended = 0;

/** Runs fn with the check off: makemigrations runs the checks before writing the very changes it reports. */
export async function withoutPendingChangesCheck<T>(fn: () => Promise<T>): Promise<T> {
  suspended++;
  try {
    return await fn();
  } finally {
    suspended--;
  }
}


export async function checkPendingChanges(context: CheckContext): Promise<CheckMessage[]> {
  if (suspended) return [];
  // Loaded here, not at the top: registering the check (every command) must not load the migrations machinery.
  const { appMigrationFiles } = require('./loader') as typeof import('./loader');
  const { detectChanges } = require('./autodetector') as typeof import('./autodetector');
  const { loadProjectMigrations } = require('./project-changes') as typeof import('./project-changes');
  const { SILENT_QUESTIONER } = require('./questioner') as typeof import('./questioner');
  const { apps } = require('../../apps/registry') as typeof import('../../apps/registry');
  const migrated = apps.getAppConfigs().filter((config) => appMigrationFiles(config).length && (!context.appConfigs || context.appConfigs.some((wanted) => wanted.label === config.label)));
  if (!migrated.length) return [];
  let project;
  try {
    project = loadProjectMigrations();
  } catch {
    // Broken migration files are reported by the migration commands, with what and where; not twice here.
    return [];
  }
  const { from, to } = project;
  const changes = await detectChanges(from, to, SILENT_QUESTIONER);
  return migrated
    .filter((config) => changes.byApp.get(config.label)?.length)
    .map((config) => new Warning(`The models of app '${config.label}' have changes that are not yet reflected in a migration.`, {
      id: 'migrations.W001',
      obj: config.label,
      hint: `Run \`hyper makemigrations ${config.label}\`, then \`hyper migrate\`.`,
    }));
}

register(checkPendingChanges, Tags.models);
