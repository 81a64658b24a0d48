/**
 * One installed app. A project app may subclass it in its apps.ts (`export default
 * class BlogConfig extends AppConfig { verboseName = 'Blog' }`); fields left unset
 * are filled in by the registry from the INSTALLED_APPS entry.
 */
export class AppConfig {
  /** The entry in INSTALLED_APPS: 'blog', 'apps/shop', 'hyperdjango.auth'. */
  name!: string;
  /** The short unique name used in commands and references: 'blog', 'auth'. */
  label!: string;
  /** The app's folder, absolute. */
  path!: string;
  /** A human-readable name, for the admin and messages. */
  verboseName!: string;
  /** The app's models module's exports once imported, if it has one. */
  modelsModule: unknown = undefined;

  /** Runs once every app is loaded; the place for start-up work such as registering checks. */
  ready(): void | Promise<void> {}
}
