// hyperdjango: the package root. Each area has its own entry point (hyperdjango/conf,
// hyperdjango/apps, hyperdjango/checks, hyperdjango/management, ...); the root offers
// the few names almost every project file needs.
export { frameworkVersion } from './core/framework-root';
export { defineSettings, env, settings } from './conf';
export { AppConfig, apps } from './apps';
