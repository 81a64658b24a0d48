// db.E001 and db.E002: the DATABASES entries `hyper check` refuses, read from the
// settings without connecting.
import { registry, Tags, type CheckContext } from '../../src/checks';
import { resolveSettings } from '../../src/conf/resolve-settings';
import { checkDatabaseSettings } from '../../src/db/checks';

function context(DATABASES: Record<string, unknown>): CheckContext {
  const settings = resolveSettings({ userValues: { SECRET_KEY: 'k', DATABASES }, file: null, projectRoot: '/project', env: {}, dotenv: new Map() });
  return { settings, appConfigs: null, databases: [] };
}

const ids = (DATABASES: Record<string, unknown>) => checkDatabaseSettings(context(DATABASES)).map((message) => message.id);

test('supported URLs, in both forms, pass', () => {
  expect(ids({ default: 'pglite:.hyper/db', a: 'postgres://u@h/db', b: 'POSTGRESQL://u@h/db', c: { URL: 'pglite:memory:', STATEMENT_TIMEOUT: 5 } })).toEqual([]);
});

test('db.E001: an unsupported scheme, named with its alias and never its password', () => {
  const messages = checkDatabaseSettings(context({ default: 'pglite:memory:', reports: { URL: 'mysql://ann:hunter22@db/shop' } }));
  expect(messages.map((message) => message.id)).toEqual(['db.E001']);
  const [message] = messages;
  expect(message.isSerious()).toBe(true);
  expect(message.msg).toMatch(/^DATABASES\['reports'\] uses the scheme 'mysql:', which is not supported; use postgres:\/\//);
  expect(message.msg).toContain('pglite:<folder>');
  expect(JSON.stringify(message.toJSON())).not.toMatch(/hunter22|ann|shop/);
});

test('db.E002: any other entry the connection layer would refuse', () => {
  const messages = checkDatabaseSettings(context({ default: 'postgres://u@h/db?pool=0', other: { URL: 'pglite:x', POOLSIZE: 2 } }));
  expect(messages.map((message) => message.id)).toEqual(['db.E002', 'db.E002']);
  expect(messages[0].msg).toMatch(/DATABASES\['default'\]: the 'pool' URL option must be an integer/);
  expect(messages[1].msg).toMatch(/unknown option 'POOLSIZE'\. Did you mean 'POOL_SIZE'\?/);
});

test('runs with plain `hyper check` under the settings tag, with no database to query', async () => {
  const run = await registry.runChecks({ settings: context({ default: 'sqlite:db.sqlite3' }).settings, tags: [Tags.settings] });
  expect(run.map((message) => message.id)).toContain('db.E001');
});
