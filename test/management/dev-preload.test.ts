// The runserver standby loads the framework before it is handed a project, so that
// a reload only loads the project. Preloading must not make a project's behaviour
// depend on it: no model registered (a framework app the project does not install
// must stay out of it), no settings read. Runs the built module in a fresh process.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const DIST = path.resolve(__dirname, '..', '..', 'dist');

function afterPreload(): { failed: string[]; loaded: Record<string, boolean>; models: number; settingsConfigured: boolean } {
  const script = `
    const dist = ${JSON.stringify(DIST)};
    const failed = require(dist + '/src/management/dev/preload.js').preloadFramework();
    const loaded = {};
    for (const mod of ['src/orm/index.js', 'src/db/index.js', 'src/orm/migrations/autodetector.js', 'src/orm/migrations/loader.js', 'src/template/index.js', 'commands/runserver.js']) {
      loaded[mod] = require.cache[require.resolve(dist + '/' + mod)] !== undefined;
    }
    const models = [...require(dist + '/src/orm/model/registry.js').allModels()].length;
    const settingsConfigured = require(dist + '/src/conf/settings.js').settingsConfigured();
    process.stdout.write(JSON.stringify({ failed, loaded, models, settingsConfigured }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: '/', encoding: 'utf8' }));
}

test('the standby loads the ORM and the migrations check before a project, without registering a model or reading settings', () => {
  const state = afterPreload();
  expect(state.failed).toEqual([]);
  expect(state.loaded).toEqual({
    'src/orm/index.js': true,
    'src/db/index.js': true,
    'src/orm/migrations/autodetector.js': true,
    'src/orm/migrations/loader.js': true,
    'src/template/index.js': true,
    'commands/runserver.js': true,
  });
  expect(state.models).toBe(0);
  expect(state.settingsConfigured).toBe(false);
});
