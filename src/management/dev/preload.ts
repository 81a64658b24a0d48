// What a runserver standby loads before it is handed a project: the layers every
// project uses, and what each reload would otherwise load before serving: the ORM
// (the apps' models), the modules of the migrations check (which compares the models
// with the migrations) and the helpers the framework apps' models import. None of
// them defines a model or reads the settings when loaded, so loading them ahead of
// the project's settings changes nothing but the time a reload takes.
const FRAMEWORK_PRELOAD = [
  '../../http/index',
  '../../middleware/index', // hyperdjango/http no longer loads the middleware itself
  '../../urls/index',
  '../../views/index',
  '../../shortcuts/index',
  '../../template/index',
  '../index',
  '../../orm/index',
  '../../db/index',
  '../../orm/migrations/loader',
  '../../orm/migrations/autodetector',
  '../../orm/migrations/project-changes',
  '../../orm/migrations/questioner',
  '../../contrib/auth/hashers/passwords',
  '../../contrib/auth/session-hash',
  '../../contrib/sessions/backends/base',
  '../../../commands/runserver',
];

/** Loads FRAMEWORK_PRELOAD; returns the modules that failed (preloading is only an optimisation). */
export function preloadFramework(): string[] {
  const failed: string[] = [];
  for (const mod of FRAMEWORK_PRELOAD) {
    try {
      require(mod);
    } catch {
      failed.push(mod);
    }
  }
  return failed;
}
