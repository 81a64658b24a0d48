import { AppConfig } from '../../src/apps/app-config';

test('a fresh AppConfig has no models module and a ready() that does nothing', async () => {
  const config = new AppConfig();
  expect(config.modelsModule).toBeUndefined();
  await expect(Promise.resolve(config.ready())).resolves.toBeUndefined();
});

test('a subclass sets its own fields and ready()', async () => {
  const calls: string[] = [];
  class BlogConfig extends AppConfig {
    label = 'weblog';
    verboseName = 'Web log';
    async ready(): Promise<void> {
      calls.push(this.label);
    }
  }
  const config = new BlogConfig();
  expect(config).toBeInstanceOf(AppConfig);
  expect([config.label, config.verboseName]).toEqual(['weblog', 'Web log']);
  await config.ready();
  expect(calls).toEqual(['weblog']);
});
