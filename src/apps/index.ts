// src/apps: the app registry (INSTALLED_APPS -> AppConfig objects) and how an entry
// is resolved to a folder.
export { AppConfig } from './app-config';
export { Apps, apps } from './registry';
export { resolveApp, frameworkAppNames, FRAMEWORK_PREFIX } from './resolve-app';
export type { AppKind, ResolvedApp } from './resolve-app';
