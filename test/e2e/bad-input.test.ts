// What a user sees when something is wrong: one line saying what, where and how to
// fix it, the right exit code, and no stack trace unless --traceback.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { runHyper } from '../support/run-hyper';

const SETTINGS = `import { defineSettings, env } from 'hyperdjango/conf';

export default defineSettings({
  DEBUG: env.bool('DEBUG', true),
  SECRET_KEY: 'a-long-enough-development-key-for-these-tests-0123456789',
  INSTALLED_APPS: ['blog'],
  USE_TZ: true,
});
`;

let workspace: string;
let project: string;

beforeAll(() => {
  workspace = makeTempDir('hyper-e2e-');
  project = path.join(workspace, 'site');
  expect(runHyper(['startproject', 'site'], { cwd: workspace }).code).toBe(0);
  writeFiles(project, {
    'blog/models.ts': 'export {};\n',
    'blog/commands/crash.ts': [
      "import { BaseCommand } from 'hyperdjango/management';",
      '',
      'export default class Command extends BaseCommand {',
      '  handle() {',
      '    const post: { title?: { trim(): string } } = {};',
      '    return post.title!.trim();',
      '  }',
      '}',
      '',
    ].join('\n'),
    'blog/commands/ask.ts': [
      "import { BaseCommand, NeedsInputError } from 'hyperdjango/management';",
      'export default class Command extends BaseCommand {',
      "  handle() { throw new NeedsInputError('A title is needed: pass --title under --noinput.'); }",
      '}',
      '',
    ].join('\n'),
  });
});
afterAll(() => removeDir(workspace));
beforeEach(() => fs.writeFileSync(path.join(project, 'settings.ts'), SETTINGS));

const settingsWith = (from: string, to: string) => {
  const text = fs.readFileSync(path.join(project, 'settings.ts'), 'utf8');
  fs.writeFileSync(path.join(project, 'settings.ts'), text.replace(from, to));
};

function expectOneLine(run: { code: number | null; stderr: string }, code: number, message: string | RegExp) {
  expect(run.code).toBe(code);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr.trimEnd()).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe('broken settings', () => {
  it('a syntax error gives file:line:col', () => {
    settingsWith('USE_TZ: true,', 'USE_TZ: true,,');
    expectOneLine(runHyper(['check'], { cwd: project }), 1, /^UserCodeError: settings\.ts:7:16: SyntaxError: /);
  });

  it('an exception gives the .ts line it was thrown from', () => {
    settingsWith("  USE_TZ: true,", "  USE_TZ: true,\n  X: (() => { throw new RangeError('no way'); })(),");
    expectOneLine(runHyper(['check'], { cwd: project }), 1, /^UserCodeError: settings\.ts:8:\d+: RangeError: no way$/);
  });

  it('a wrong type names the setting, the type and the value', () => {
    settingsWith('USE_TZ: true,', "USE_TZ: 'yes',");
    expectOneLine(runHyper(['check'], { cwd: project }), 1, "ImproperlyConfigured: settings.ts:7: USE_TZ must be a boolean, got 'yes' (string).");
  });

  it('a typo of a setting name gets a hint', () => {
    settingsWith('USE_TZ: true,', 'USE_TZ: true, SECRET_KEY_FALLBAKS: [],');
    const run = runHyper(['check'], { cwd: project });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("settings.ts: (settings.W001) Unknown setting 'SECRET_KEY_FALLBAKS'.\n\tHINT: Did you mean 'SECRET_KEY_FALLBACKS'?");
  });

  it('an unknown app gets a did-you-mean', () => {
    settingsWith("INSTALLED_APPS: ['blog']", "INSTALLED_APPS: ['blgo']");
    expectOneLine(runHyper(['check'], { cwd: project }), 1, /Unknown app 'blgo' in INSTALLED_APPS: .* Did you mean 'blog'\?$/);
  });

  it('a bad environment value names the variable and the line that reads it', () => {
    expectOneLine(
      runHyper(['check'], { cwd: project, env: { DEBUG: 'maybe' } }),
      1,
      "ImproperlyConfigured: Environment variable DEBUG from the environment: expected a boolean (true/false, 1/0, yes/no or on/off), got 'maybe' (settings.ts:4).",
    );
  });

  it('--traceback prints the stack instead', () => {
    settingsWith('USE_TZ: true,', 'USE_TZ: true,,');
    const run = runHyper(['check', '--traceback'], { cwd: project });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^\s+at /m);
  });
});

describe('settings tiers', () => {
  it('settings module > HYPER_* environment > .env > defaults, each shown by diffsettings', () => {
    writeFiles(project, { '.env': 'HYPER_STATIC_URL=/assets/\nHYPER_TIME_ZONE=Asia/Tokyo\nHYPER_USE_TZ=false\n' });
    try {
      const run = runHyper(['diffsettings'], { cwd: project, env: { HYPER_TIME_ZONE: 'Europe/Paris' } });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("STATIC_URL = '/assets/'  # .env file: .env: HYPER_STATIC_URL\n");
      expect(run.stdout).toContain("TIME_ZONE = 'Europe/Paris'  # environment: HYPER_TIME_ZONE\n");
      // Set in settings.ts, which wins over .env: equal to the default, so listed only with --all.
      expect(run.stdout).not.toContain('USE_TZ');
      expect(run.stdout).not.toContain('STATIC_ROOT');
      const all = runHyper(['diffsettings', '--all'], { cwd: project });
      expect(all.stdout).toContain('USE_TZ = true  # settings module: settings.ts\n');
      expect(all.stdout).toContain('STATIC_ROOT = null  # default\n');
    } finally {
      fs.rmSync(path.join(project, '.env'));
    }
  });

  it('a bad HYPER_* value names the setting and what was expected', () => {
    expectOneLine(
      runHyper(['check'], { cwd: project, env: { HYPER_TIME_ZONE: 'Mars/Olympus' } }),
      1,
      "ImproperlyConfigured: Setting TIME_ZONE from HYPER_TIME_ZONE in the environment: expected an IANA time zone name, got 'Mars/Olympus'.",
    );
  });
});

describe('the command line', () => {
  it('outside a project, a settings-bound command names every place it looked', () => {
    expectOneLine(runHyper(['check'], { cwd: workspace }), 1, `No settings found: --settings was not given, HYPER_SETTINGS_MODULE is not set, and no package.json with a "hyper": {"settings": ...} entry is in ${workspace}, ${path.dirname(workspace)}`);
  });

  it('--settings and HYPER_SETTINGS_MODULE point at a settings module from anywhere', () => {
    expect(runHyper(['check', '--settings', path.join(project, 'settings')], { cwd: workspace }).code).toBe(0);
    expect(runHyper(['check'], { cwd: workspace, env: { HYPER_SETTINGS_MODULE: 'site/settings.ts' } }).code).toBe(0);
    expectOneLine(runHyper(['check', '--settings', 'nowhere'], { cwd: workspace }), 1, "Settings module 'nowhere' (from --settings) not found");
  });

  it('an unknown command suggests the closest one and exits 2', () => {
    expectOneLine(runHyper(['chekc'], { cwd: project }), 2, "UsageError: Unknown command: 'chekc'. Did you mean 'check'? Type 'hyper help' for the list of commands.");
    expectOneLine(runHyper(['startprojct', 'x'], { cwd: workspace }), 2, "Did you mean 'startproject'?");
    expectOneLine(runHyper(['check', '--bogus'], { cwd: project }), 2, "UsageError: unknown option '--bogus' (see `hyper check --help`)");
  });

  it('an error in app code names the .ts line, and --traceback shows the source-mapped stack', () => {
    expectOneLine(runHyper(['crash'], { cwd: project }), 1, /^TypeError: Cannot read properties of undefined \(reading 'trim'\) \(blog\/commands\/crash\.ts:6:\d+\)\. Run with --traceback for the stack trace\.$/);
    expect(runHyper(['crash', '--traceback'], { cwd: project }).stderr).toContain(`${path.join(project, 'blog', 'commands', 'crash.ts')}:6:`);
  });

  it("a command lets the framework's error through: its own class is printed, and exit 1", () => {
    expectOneLine(runHyper(['check', 'blgo'], { cwd: project }), 1, "LookupError: No installed app with label 'blgo'. Did you mean 'blog'?");
    expectOneLine(runHyper(['runserver', 'not a port!'], { cwd: project }), 1, /^InvalidArgument: 'not a port!' is not a valid port number or address:port pair: use e\.g\. 8000/);
  });

  it('a question that cannot be asked under --noinput exits 3', () => {
    expectOneLine(runHyper(['ask'], { cwd: project }), 3, 'NeedsInputError: A title is needed: pass --title under --noinput.');
  });

  it('prints the version', () => {
    const version = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
    expect(runHyper(['version'], { cwd: workspace }).stdout).toBe(`${version}\n`);
    expect(runHyper(['--version'], { cwd: workspace }).stdout).toBe(`${version}\n`);
  });

  it('colours errors only when asked to, and never with NO_COLOR', () => {
    expect(runHyper(['chekc'], { cwd: project }).stderr).not.toContain('\u001b[');
    expect(runHyper(['chekc'], { cwd: project, env: { FORCE_COLOR: '1' } }).stderr).toContain('\u001b[31m');
    expect(runHyper(['chekc', '--no-color'], { cwd: project, env: { FORCE_COLOR: '1' } }).stderr).not.toContain('\u001b[');
    expect(runHyper(['chekc'], { cwd: project, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stderr).not.toContain('\u001b[');
  });

  it('lists commands without importing models, which check does import', () => {
    writeFiles(project, { 'blog/models.ts': "export {};\nthrow new Error('models imported');\n" });
    try {
      const help = runHyper(['--help'], { cwd: project });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('[blog]\n    ask\n    crash\n');
      expectOneLine(runHyper(['check'], { cwd: project }), 1, /^UserCodeError: blog\/models\.ts:2:7: Error: models imported$/);
    } finally {
      writeFiles(project, { 'blog/models.ts': 'export {};\n' });
    }
  });
});
