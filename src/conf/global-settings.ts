// The framework's core settings. Later layers declare theirs in files beside this
// one and extend the Settings interface by declaration merging.
import { declareSetting } from './declarations';
import * as t from './setting-types';

export type MiddlewareEntry = string | ((...args: never[]) => unknown);

export interface Settings {
  BASE_DIR: string;
  DEBUG: boolean;
  SECRET_KEY: string;
  SECRET_KEY_FALLBACKS: string[];
  ALLOWED_HOSTS: string[];
  INSTALLED_APPS: string[];
  MIDDLEWARE: MiddlewareEntry[];
  ROOT_URLCONF: string | null;
  DATABASES: Record<string, string | Record<string, unknown>>;
  TEMPLATES: Record<string, unknown>[];
  STATIC_URL: string;
  STATIC_ROOT: string | null;
  STATICFILES_DIRS: Array<string | [string, string]>;
  TIME_ZONE: string;
  USE_TZ: boolean;
  LOGGING: Record<string, unknown>;
  SILENCED_SYSTEM_CHECKS: string[];
}

declareSetting({
  name: 'BASE_DIR',
  type: t.str,
  default: '',
  defaultFor: (projectRoot) => projectRoot,
  doc: "The project's root folder; relative paths in other settings are resolved against it.",
});
declareSetting({ name: 'DEBUG', type: t.bool, default: false, doc: 'Detailed error pages and development conveniences. Never on in production.' });
declareSetting({
  name: 'SECRET_KEY',
  type: t.str,
  default: '',
  doc: 'The key for signing (sessions, CSRF, password reset). Long, random and private.',
});
declareSetting({
  name: 'SECRET_KEY_FALLBACKS',
  type: t.strList,
  default: [],
  doc: 'Older secret keys still accepted when verifying signatures, for key rotation.',
});
declareSetting({
  name: 'ALLOWED_HOSTS',
  type: t.strList,
  default: [],
  doc: "Host names this site serves ('.example.com' matches subdomains, '*' anything).",
});
declareSetting({ name: 'INSTALLED_APPS', type: t.strList, default: [], doc: 'The apps of this project, framework apps and project folders, in priority order.' });
declareSetting({ name: 'MIDDLEWARE', type: t.moduleOrFunctionList, default: [], doc: 'Middleware factories, outermost first.' });
declareSetting({ name: 'ROOT_URLCONF', type: t.nullableStr, default: null, doc: "The module holding the root `urlpatterns`, e.g. 'urls'." });
declareSetting({
  name: 'DATABASES',
  type: t.databases,
  default: { default: 'pglite:.hyper/db' },
  doc: "Database aliases: 'postgres://...' for a server, 'pglite:<folder>' for the embedded one.",
});
declareSetting({ name: 'TEMPLATES', type: t.objectList, default: [], doc: 'Template engine options: DIRS, APP_DIRS, OPTIONS.' });
declareSetting({ name: 'STATIC_URL', type: t.str, default: '/static/', doc: 'The URL prefix static files are served under.' });
declareSetting({ name: 'STATIC_ROOT', type: t.nullableStr, default: null, doc: 'The folder collectstatic copies static files into.' });
declareSetting({ name: 'STATICFILES_DIRS', type: t.dirList, default: [], doc: "Extra folders of static files, or [prefix, folder] pairs." });
declareSetting({ name: 'TIME_ZONE', type: t.timeZoneType(), default: 'UTC', doc: 'The time zone dates and times are displayed in under USE_TZ (unless a request activates another).' });
declareSetting({ name: 'USE_TZ', type: t.bool, default: true, doc: 'Store datetimes as UTC instants and display them in TIME_ZONE or the active zone; false shows local time.' });
declareSetting({ name: 'LOGGING', type: t.object, default: {}, doc: 'Logging configuration: loggers, handlers, levels.' });
declareSetting({
  name: 'SILENCED_SYSTEM_CHECKS',
  type: t.strList,
  default: [],
  doc: "System check ids to hide, e.g. ['security.W018'].",
});
