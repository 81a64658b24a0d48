import { AppConfig } from 'hyperdjango/apps';

export default class {{ app_class }} extends AppConfig {
  verboseName = '{{ verbose_name }}';

  // Runs once every installed app is loaded: the place to register checks or signals.
  ready(): void {}
}
