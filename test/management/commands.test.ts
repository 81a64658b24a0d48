// Command discovery and callCommand() on a real project folder.
import * as path from 'node:path';
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { callCommand } from '../../src/management/call-command';
import { builtinCommands, commandCatalogue } from '../../src/management/discovery';
import { NeedsInputError, UsageError } from '../../src/management/errors';
import { makeTempDir, removeDir, srcModule, writeFiles } from '../support/temp-project';

const command = (body: string) => `
const { BaseCommand } = require(${srcModule('management/base-command')});
const { NeedsInputError } = require(${srcModule('management/errors')});
module.exports.default = class extends BaseCommand { ${body} };
`;

let root: string;

beforeAll(() => {
  root = makeTempDir();
  writeFiles(root, {
    'blog/models.ts': 'export {};',
    'blog/commands/publish.ts': command(`
      help = 'Publish drafts';
      addArguments(parser) { parser.option('--dry-run', 'print only'); }
      handle(options) { this.stdout.write(options.dryRun ? 'would publish' : 'published'); return 3; }`),
    'blog/commands/check.ts': command(`handle() { return 'blog check'; }`),
    'blog/commands/_helpers.ts': 'export const x = 1;',
    'shop/models.ts': 'export {};',
    'shop/commands/publish.ts': command(`handle() { return 'shop publish'; }`),
    'shop/commands/ask.ts': command(`handle() { throw new NeedsInputError('Needs a name: pass --name.'); }`),
  });
});
afterAll(() => removeDir(root));

beforeEach(() => {
  resetSettings();
  apps.reset();
  configure({ SECRET_KEY: 'k'.repeat(60), INSTALLED_APPS: ['blog', 'shop'] }, { projectRoot: root });
});

describe('discovery', () => {
  it('finds the built-in commands', () => {
    expect([...builtinCommands().keys()]).toEqual(expect.arrayContaining(['check', 'diffsettings', 'startapp', 'startproject', 'version']));
  });

  it('lets the first app win a name and apps override built-ins; skips _helpers', () => {
    apps.loadConfigs(['blog', 'shop'], root);
    const catalogue = commandCatalogue(apps.getAppConfigs());
    expect(catalogue.get('publish')).toMatchObject({ appLabel: 'blog', file: path.join(root, 'blog/commands/publish.ts') });
    expect(catalogue.get('check')?.appLabel).toBe('blog');
    expect(catalogue.get('ask')?.appLabel).toBe('shop');
    expect(catalogue.has('_helpers')).toBe(false);
    expect(catalogue.get('diffsettings')?.appLabel).toBe('hyperdjango');
  });
});

describe('callCommand', () => {
  it('runs an app command with options and captures its output', async () => {
    const result = await callCommand('publish', { dryRun: true });
    expect(result).toEqual({ value: 3, stdout: 'would publish\n', stderr: '' });
    expect((await callCommand('publish', [])).stdout).toBe('published\n');
  });

  it('throws the command error with its exit code', async () => {
    await expect(callCommand('ask')).rejects.toBeInstanceOf(NeedsInputError);
    await expect(callCommand('ask')).rejects.toMatchObject({ exitCode: 3 });
  });

  it('suggests the closest command for an unknown name', async () => {
    await expect(callCommand('pubilsh')).rejects.toBeInstanceOf(UsageError);
    await expect(callCommand('pubilsh')).rejects.toThrow("Unknown command: 'pubilsh'. Did you mean 'publish'?");
  });

  it('runs diffsettings: changed settings only, secrets masked, with their source', async () => {
    configure({ SECRET_KEY: 'short', DEBUG: true }, { projectRoot: root });
    const result = await callCommand('diffsettings', {});
    expect(result.stdout).toContain("SECRET_KEY = '********************'  # settings module: configure()");
    expect(result.stdout).toContain('DEBUG = true  # settings module: configure()');
    expect(result.stdout).not.toContain('USE_TZ');
  });

  it('diffsettings masks secret values, not settings whose names merely look secret', async () => {
    configure(
      {
        SECRET_KEY: 'k'.repeat(60),
        SECRET_KEY_FALLBACKS: ['old-key-one', 'old-key-two'],
        PASSWORD_HASHERS: ['hyperdjango.auth.PBKDF2PasswordHasher'],
        AUTH_PASSWORD_VALIDATORS: [{ NAME: 'hyperdjango.auth.MinimumLengthValidator', OPTIONS: { minLength: 12 } }],
        STRIPE_API_KEY: 'sk_live_abc',
        PAYMENT: { ENDPOINT: 'https://pay.example', API_TOKEN: 'tok_123', RETRIES: 3, HOOKS: [{ SIGNATURE_SECRET: 'whsec_1', URL: 'https://u:pw@hooks.example/' }] },
        MIRROR: 'postgres://u:p@ss@mirror.example/db',
      },
      { projectRoot: root },
    );
    const rows = JSON.parse((await callCommand('diffsettings', { json: true })).stdout) as Array<{ name: string; value: unknown }>;
    const value = (name: string) => rows.find((row) => row.name === name)?.value;
    const MASK = '********************';
    expect(value('SECRET_KEY')).toBe(MASK);
    expect(value('SECRET_KEY_FALLBACKS')).toEqual([MASK, MASK]);
    expect(value('STRIPE_API_KEY')).toBe(MASK);
    expect(value('PASSWORD_HASHERS')).toEqual(['hyperdjango.auth.PBKDF2PasswordHasher']);
    expect(value('AUTH_PASSWORD_VALIDATORS')).toEqual([{ NAME: 'hyperdjango.auth.MinimumLengthValidator', OPTIONS: { minLength: 12 } }]);
    expect(value('MIRROR')).toBe(`postgres://u:${MASK}@mirror.example/db`); // a password holding '@' hides whole
    expect(value('PAYMENT')).toEqual({ ENDPOINT: 'https://pay.example', API_TOKEN: MASK, RETRIES: 3, HOOKS: [{ SIGNATURE_SECRET: MASK, URL: `https://u:${MASK}@hooks.example/` }] });
  });
});

describe('the check command', () => {
  beforeEach(() => {
    resetSettings();
    apps.reset();
    // W001, W002 and W003 (no security, clickjacking or CSRF middleware) are silenced too: these tests are about the settings' own deploy checks.
    configure({ SECRET_KEY: 'short', DEBUG: true, SILENCED_SYSTEM_CHECKS: ['security.W020', 'security.W001', 'security.W002', 'security.W003'] }, { projectRoot: root });
  });

  it('reports deploy issues on stderr, counts the silenced ones, and passes below the fail level', async () => {
    const result = await callCommand('check', { deploy: true });
    expect(result.stderr).toContain('(security.W009)');
    expect(result.stderr).toContain('(security.W018) You should not have DEBUG set to true in deployment.');
    expect(result.stderr).not.toContain('security.W020');
    expect(result.stderr).toContain('System check identified 2 issues (4 silenced).');
  });

  it('fails at --fail-level WARNING, and only runs the tags asked for', async () => {
    await expect(callCommand('check', { deploy: true, failLevel: 'WARNING' })).rejects.toThrow(/SystemCheckError|System check identified some issues/);
    const settingsOnly = await callCommand('check', { deploy: true, tag: ['settings'] });
    expect(settingsOnly.stdout).toBe('System check identified no issues (0 silenced).\n');
  });

  it('lists tags, deploy ones with --deploy, and refuses an unknown tag with a suggestion', async () => {
    expect((await callCommand('check', { listTags: true })).stdout.split('\n')).toEqual(['apps', 'caches', 'database', 'models', 'security', 'settings', 'templates', 'urls', '']);
    await expect(callCommand('check', { tag: ['securty'] })).rejects.toThrow("There is no system check with the 'securty' tag. Did you mean 'security'?");
  });

  it('prints JSON with --json', async () => {
    const result = await callCommand('check', { deploy: true, json: true });
    const report = JSON.parse(result.stdout);
    expect(report.silenced).toBe(4);
    expect(report.issues.map((issue: { id: string }) => issue.id)).toEqual(['security.W009', 'security.W018']);
    expect(report.issues[1]).toMatchObject({ level: 'WARNING', obj: '?', hint: expect.stringContaining('DEBUG') });
  });
});

describe('checks of app commands', () => {
  let appRoot: string;
  beforeAll(() => {
    appRoot = makeTempDir();
    writeFiles(appRoot, {
      'shop/models.ts': 'export {};',
      'shop/commands/good.ts': command(`handle() {}`),
      'shop/commands/noclass.ts': 'export const x = 1;',
      'shop/commands/broken.ts': "throw new Error('cannot start');",
      'shop/commands/Publish.ts': command(`handle() {}`),
      'shop/commands/_shared.ts': 'export {};',
    });
  });
  afterAll(() => removeDir(appRoot));

  it('reports commands that cannot load (apps.E001) and files that are never commands (apps.W001)', async () => {
    resetSettings();
    apps.reset();
    configure({ SECRET_KEY: 'k'.repeat(60), INSTALLED_APPS: ['shop'] }, { projectRoot: appRoot });
    const failure = callCommand('check', { tag: ['apps'] });
    await expect(failure).rejects.toThrow(/shop: \(apps\.E001\) The command 'broken' cannot be loaded: .*broken\.ts:1:\d+: Error: cannot start/);
    const report = JSON.parse((await callCommand('check', { tag: ['apps'], json: true, failLevel: 'CRITICAL' })).stdout);
    expect(report.issues.map((issue: { id: string; msg: string }) => `${issue.id} ${issue.msg}`)).toEqual([
      expect.stringMatching(/^apps\.E001 The command 'broken' cannot be loaded/),
      expect.stringMatching(/^apps\.E001 The command 'noclass' cannot be loaded: .*noclass\.ts: a command module must `export default class Command extends BaseCommand`/),
      expect.stringMatching(/^apps\.W001 .*Publish\.ts is not a command name, so it is never run\.$/),
    ]);
  });
});
