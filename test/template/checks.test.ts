// templates.* system checks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { checkTemplateSettings, checkTemplateSyntax } from '../../src/template/checks';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-template-checks-'));
  apps.reset();
});
afterEach(() => {
  resetSettings();
  fs.rmSync(root, { recursive: true, force: true });
});

const run = (fn: typeof checkTemplateSettings, TEMPLATES: unknown[]) => {
  const settings = configure({ TEMPLATES }, { projectRoot: root });
  return fn({ settings, appConfigs: null, databases: [] }).map((m) => `${m.id}: ${m.msg}${m.hint ? ` [${m.hint}]` : ''}`);
};

test('a valid configuration has no messages', () => {
  fs.mkdirSync(path.join(root, 'templates'));
  expect(run(checkTemplateSettings, [{ DIRS: ['templates'], APP_DIRS: true, OPTIONS: { undefined: 'strict' } }])).toEqual([]);
});

test('unknown keys, bad undefined mode, bad processors, missing DIRS, several entries', () => {
  expect(run(checkTemplateSettings, [
    { DIR: ['x'], DIRS: ['missing'], OPTIONS: { autoEscape: false, undefined: 'loud', contextProcessors: ['hyperdjango.template.context_processors.auht'] } },
    {},
  ])).toEqual([
    'templates.W002: TEMPLATES has 2 entries; only the first is used.',
    "templates.E001: TEMPLATES entry has an unknown key 'DIR'. [Did you mean 'DIRS'?]",
    "templates.E001: TEMPLATES OPTIONS has an unknown key 'autoEscape'. [Did you mean 'autoescape'?]",
    `templates.E002: TEMPLATES OPTIONS.undefined must be 'strict' or 'lenient', not "loud".`,
    "templates.E003: Unknown context processor 'hyperdjango.template.context_processors.auht'. Did you mean 'hyperdjango.template.context_processors.auth'?",
    `templates.W001: TEMPLATES DIRS entry 'missing' does not exist (${path.join(root, 'missing')}). [Create the folder or remove it from DIRS.]`,
  ]);
});

test('templates that do not compile are reported with file:line:col', () => {
  fs.mkdirSync(path.join(root, 'templates', 'blog'), { recursive: true });
  fs.writeFileSync(path.join(root, 'templates', 'ok.html'), '{{ x|custom_filter }}');
  fs.writeFileSync(path.join(root, 'templates', 'blog', 'bad.html'), 'line one\n{% for x in y %}');
  expect(run(checkTemplateSyntax, [{ DIRS: ['templates'] }])).toEqual([
    "templates.E004: blog/bad.html:2:4: unexpected end of template: the 'for' tag on line 2 was never closed (expected 'endfor' or 'else') [{% for x in y %}]",
  ]);
});
