// hyperdjango.staticfiles: finds static files (hyperdjango/static), ships the
// collectstatic and findstatic commands, and checks the static files settings.
import { AppConfig } from '../../apps/app-config';
import { register, Tags } from '../../checks/registry';
import { checkStaticFilesSettings, checkStaticRootForDeploy } from './checks';

export default class StaticFilesConfig extends AppConfig {
  verboseName = 'Static files';

  ready(): void {
    register(checkStaticFilesSettings, Tags.staticfiles);
    register(checkStaticRootForDeploy, Tags.staticfiles, { deploy: true });
  }
}
