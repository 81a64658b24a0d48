// The default permissions (add, change, delete, view) of every model of every
// installed app, created after each migrate (postMigrate) on the database it ran
// against. Idempotent: only missing rows are inserted.
import type { AppConfig } from '../../apps/app-config';
import { connections } from '../../db';
import { MigrationRecorder } from '../../orm/migrations/recorder';
import { optionsOf } from '../../orm/model/prepare';
import { allModels, appLabelOf } from '../../orm/model/registry';
import type { ModelClass } from '../../orm/model/types';
import { Permission } from './permission';

export const DEFAULT_PERMISSIONS = ['add', 'change', 'delete', 'view'] as const;

/** The models of an app that get permissions (not the pairs tables of many-to-many fields). */
export function modelsForPermissions(appLabel: string): ModelClass[] {
  return allModels().filter((model) => appLabelOf(model) === appLabel && !(model as unknown as { autoCreatedFor?: unknown }).autoCreatedFor);
}

export function defaultPermissions(model: ModelClass): Array<{ appLabel: string; model: string; codename: string; name: string }> {
  const meta = optionsOf(model);
  return DEFAULT_PERMISSIONS.map((action) => ({ appLabel: meta.appLabel, model: meta.modelName, codename: `${action}_${meta.modelName}`, name: `Can ${action} ${meta.verboseName}` }));
}

/** Inserts the missing default permissions of these apps' models; returns how many were created. */
export async function createPermissions(configs: readonly AppConfig[], using = 'default'): Promise<number> {
  // The auth tables may not exist on this database yet (migrate of another app, or a router).
  const applied = await new MigrationRecorder(connections.get(using)).applied();
  if (!applied.has('auth.0001_initial')) return 0;
  const wanted = configs.flatMap((config) => modelsForPermissions(config.label)).flatMap(defaultPermissions);
  if (!wanted.length) return 0;
  const existing = (await Permission.objects.using(using).filter({ appLabel__in: [...new Set(wanted.map((p) => p.appLabel))] }).valuesList('appLabel', 'codename')) as unknown as Array<[string, string]>;
  const have = new Set(existing.map(([app, codename]) => `${app}.${codename}`));
  const missing = wanted.filter((perm) => !have.has(`${perm.appLabel}.${perm.codename}`));
  if (missing.length) await Permission.objects.using(using).bulkCreate(missing.map((perm) => new Permission(perm)), { ignoreConflicts: true });
  return missing.length;
}
