// hyperdjango.staticfiles: finds static files (hyperdjango/static), ships the
// collectstatic and findstatic commands, and checks the static files settings.
// What ready() needs is required there: `hyper --help` reads this file without
// populating apps.
import { AppConfig } from '../../apps/app-config';

export default class StaticFilesConfig extends AppConfig {
  verboseName = 'Static files';

  ready(): void {
    const { register, Tags } = require('../../checks/registry') as typeof import('../../checks/registry');
    const { checkStaticFilesSettings, checkStaticRootForDeploy } = require('./checks') as typeof import('./checks');
    const { devStatic } = require('../../http/dev-static') as typeof import('../../http/dev-static');
    register(checkStaticFilesSettings, Tags.staticfiles);
    register(checkStaticRootForDeploy, Tags.staticfiles, { deploy: true });
    // runserver serves STATIC_URL from the finders in DEBUG; the serving code loads
    // only when runserver builds its chain, not for every command.
    devStatic.install((getResponse) => {
      const { devStaticFiles } = require('../../static/serve/dev-middleware') as typeof import('../../static/serve/dev-middleware');
      return devStaticFiles(getResponse);
    });
  }
}
