// Settings of the database layer (src/db), declared here so that loading settings
// knows them; DATABASES itself is a core setting (global-settings.ts).
import { declareSetting } from './declarations';
import { strList } from './setting-types';
import type { SettingType } from './setting-types';
import { parseList } from './parse-env-value';

/** A router object or class, or the name of a module exporting one (see docs/databases.md). */
export type DatabaseRouterEntry = string | object;

declare module './global-settings' {
  interface Settings {
    DATABASE_ROUTERS: DatabaseRouterEntry[];
    FIXTURE_DIRS: string[];
  }
}

const routerList: SettingType<DatabaseRouterEntry[]> = {
  expected: 'a list of router objects, classes or module names',
  is: (value): value is DatabaseRouterEntry[] =>
    Array.isArray(value) &&
    value.every((item) => typeof item === 'string' || typeof item === 'function' || (typeof item === 'object' && item !== null && !Array.isArray(item))),
  parse: (raw) => parseList(raw),
};

declareSetting({
  name: 'DATABASE_ROUTERS',
  type: routerList,
  default: [],
  doc: 'Routers choosing the database for reads, writes, relations and migrations; the first with an answer wins.',
});

declareSetting({
  name: 'FIXTURE_DIRS',
  type: strList,
  default: [],
  doc: "Folders loaddata searches for fixtures besides each app's fixtures/ folder (relative to BASE_DIR).",
});
