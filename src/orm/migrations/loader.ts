// Finding migration files: each installed app's migrations/ folder, files named
// 0001_initial.ts, 0002_add_slug.ts ... exporting `default new Migration({...})`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '../../apps/app-config';
import { ImproperlyConfigured } from '../../core/errors';
import { displayPath } from '../../core/display-path';
import { loadUserModule } from '../../core/load-user-module';
import { Migration } from './migration';

export const MIGRATION_FILE = /^(\d{4}_[A-Za-z0-9_]+)\.(ts|js|mts|cts)$/;

export function migrationsDir(config: AppConfig): string {
  return path.join(config.path, 'migrations');
}

/** The migrations of one app by name, in file order. */
export function appMigrationFiles(config: AppConfig): Array<{ name: string; file: string }> {
  let names: string[];
  try {
    names = fs.readdirSync(migrationsDir(config)).sort();
  } catch {
    return [];
  }
  const seen = new Set<string>();
  const files: Array<{ name: string; file: string }> = [];
  for (const file of names) {
    const match = MIGRATION_FILE.exec(file);
    if (!match || file.endsWith('.d.ts') || seen.has(match[1])) continue;
    seen.add(match[1]);
    files.push({ name: match[1], file: path.join(migrationsDir(config), file) });
  }
  return files;
}

/** Every migration of these apps, keyed 'app.name'. */
export function loadMigrations(configs: readonly AppConfig[]): Map<string, Migration> {
  const migrations = new Map<string, Migration>();
  for (const config of configs) {
    for (const { name, file } of appMigrationFiles(config)) {
      const exported = (loadUserModule(file) as { default?: unknown }).default;
      if (!exported || typeof exported !== 'object' || !Array.isArray((exported as Migration).operations)) {
        throw new ImproperlyConfigured(`${displayPath(file)} must \`export default new Migration({ dependencies, operations })\` from 'hyperdjango/migrations'.`, { code: 'HYPER_MIGRATION_NO_DEFAULT_EXPORT' });
      }
      const migration = exported as Migration;
      migration.app = config.label;
      migration.name = name;
      migrations.set(`${config.label}.${name}`, migration);
    }
  }
  return migrations;
}
