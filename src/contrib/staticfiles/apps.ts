// hyperdjango.staticfiles: finds static files (hyperdjango/static), ships the
// collectstatic and findstatic commands, and checks the static files settings.
import { AppConfig } from '../../apps/app-config';
import { register, Tags } from '../../checks/registry';
import { checkStaticFilesSettings, checkStaticRootForDeploy } from './checks';
import { setDevStaticMiddleware } from '../../http/dev/dev-static';
import { devStaticFiles } from '../../static/serve/dev-middleware';

export default class StaticFilesConfig extends AppConfig {
  verboseName = 'Static files';

  ready(): void {
    register(checkStaticFilesSettings, Tags.staticfiles);
    register(checkStaticRootForDeploy, Tags.staticfiles, { deploy: true });
    setDevStaticMiddleware(devStaticFiles); // runserver serves STATIC_URL from the finders in DEBUG
  }
}
