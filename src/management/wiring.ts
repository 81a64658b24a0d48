// The one place where the framework's layers are connected at run time. A lower layer
// that needs something from a higher one declares a typed slot (src/core/slot.ts); this
// function fills the web layer's slots. setupProject() calls it, and so do the test
// client, the live test server, runserver and serve, so no module is imported for its
// side effects. Inside the ORM, src/orm/install.ts does the same for the model layer.
// docs/architecture.md lists every slot and who fills it.
import { errorTemplateRenderer } from '../http/error-pages';
import { errorReporter } from '../http/error-reporter';
import { middlewareLoader } from '../http/middleware-entry';

let installed = false;

/** Fills the slots of the layers below; idempotent, and light: what it installs loads on first use. */
export function installFramework(): void {
  if (installed) return;
  installed = true;
  // MIDDLEWARE names ('hyperdjango.middleware.csrf', 'blog/middleware') are resolved by
  // hyperdjango/middleware, a floor above the handler that runs them.
  // The rate limit middleware lives in hyperdjango/ratelimit, a floor above that registry, so it is named here.
  middlewareLoader.install((entry, baseDir) => {
    const load = require('../middleware/load') as typeof import('../middleware/load');
    load.registerMiddleware('hyperdjango.middleware.ratelimit', () => (require('../ratelimit/middleware') as typeof import('../ratelimit/middleware')).ratelimitMiddleware, true);
    return load.loadMiddlewareEntry(entry, baseDir);
  });
  // With DEBUG off, error pages are the project's 404.html, 500.html ... rendered by the
  // template engine, a floor above the error pages.
  errorTemplateRenderer.install((name, context) => (require('../template/engine') as typeof import('../template/engine')).renderToString(name, context));
  // A 500 is mailed to ADMINS with DEBUG off (Django's default LOGGING), by the mail layer.
  errorReporter.install((request, error) => (require('../mail/admin-errors') as typeof import('../mail/admin-errors')).reportToAdmins(request, error));
  // Not here, since they are no side effect: the ORM installs its own query layer when
  // hyperdjango/db loads (src/orm/install.ts); url() is a default template global; the
  // URL layer loads 'blog.urls' itself; hyperdjango.staticfiles fills the dev static
  // slot in its ready(), as it is installed only with the app.
}
