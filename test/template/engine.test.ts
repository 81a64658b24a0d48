// The settings-driven engine: DIRS before app templates, caching and reload under
// DEBUG, renderToString with context processors, registered globals, async values.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apps } from '../../src/apps/registry';
import { configure, resetSettings } from '../../src/conf/settings';
import { registerContextProcessor } from '../../src/template/context-processors';
import { fromString, getEngine, registerFilter, registerGlobal, renderToString, resetEngine } from '../../src/template/engine';
import { Environment } from '../../src/template/environment';
import { TemplateDoesNotExist } from '../../src/template/errors';
import { DictLoader } from '../../src/template/loaders';

let root: string;

function write(rel: string, content: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function setup(settings: Record<string, unknown>): void {
  configure({ INSTALLED_APPS: ['blog'], ...settings }, { projectRoot: root });
  apps.reset();
  apps.loadConfigs(['blog'], root);
  resetEngine();
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-templates-'));
  write('blog/models.ts', 'export {};\n');
  write('blog/templates/blog/detail.html', '{% extends "base.html" %}{% block body %}{{ post.title }}{% endblock %}');
  write('blog/templates/base.html', 'APP BASE {% block body %}{% endblock %}');
  write('templates/base.html', '<main>{% block body %}{% endblock %}</main>');
});

afterEach(() => {
  resetEngine();
  resetSettings();
  apps.reset();
  fs.rmSync(root, { recursive: true, force: true });
});

test('DIRS (relative to BASE_DIR) win over app templates; APP_DIRS finds app templates', async () => {
  setup({ TEMPLATES: [{ DIRS: ['templates'], APP_DIRS: true }] });
  expect(await renderToString('blog/detail.html', { post: { title: 'Hi <3' } })).toBe('<main>Hi &lt;3</main>');
});

test('without APP_DIRS app templates are not found', async () => {
  setup({ TEMPLATES: [{ DIRS: ['templates'], APP_DIRS: false }] });
  const error = await renderToString('blog/detail.html').catch((e) => e);
  expect(error).toBeInstanceOf(TemplateDoesNotExist);
  expect(error.message).toContain(path.join(root, 'templates'));
});

test('a list of names renders the first that exists', async () => {
  setup({ TEMPLATES: [{ DIRS: ['templates'], APP_DIRS: true }] });
  expect(await renderToString(['nope.html', 'base.html'])).toBe('<main></main>');
});

test('template names cannot climb out of the template folders', async () => {
  setup({ TEMPLATES: [{ DIRS: ['templates'] }] });
  write('secret.txt', 'secret');
  await expect(renderToString('../secret.txt')).rejects.toBeInstanceOf(TemplateDoesNotExist);
});

test('compiled templates are cached; DEBUG recompiles on change', async () => {
  setup({ DEBUG: false, TEMPLATES: [{ DIRS: ['templates'] }] });
  write('templates/x.html', 'one');
  expect(await renderToString('x.html')).toBe('one');
  const first = getEngine().getTemplate('x.html');
  write('templates/x.html', 'two!');
  expect(getEngine().getTemplate('x.html')).toBe(first);
  expect(await renderToString('x.html')).toBe('one');

  setup({ DEBUG: true, TEMPLATES: [{ DIRS: ['templates'] }] });
  expect(await renderToString('x.html')).toBe('two!');
  write('templates/x.html', 'three');
  expect(await renderToString('x.html')).toBe('three');
});

test('OPTIONS: strict undefined and autoescape off', async () => {
  setup({ TEMPLATES: [{ DIRS: ['templates'], OPTIONS: { undefined: 'strict', autoescape: false } }] });
  write('templates/s.html', '{{ a }}{{ b }}');
  await expect(renderToString('s.html', { a: '<i>' })).rejects.toThrow("s.html:1: 'b' is undefined");
  expect(await renderToString('s.html', { a: '<i>', b: '' })).toBe('<i>');
});

test('renderToString with a request: request, configured and registered context processors; the view wins', async () => {
  write('blog/context_processors.ts', 'export function site() { return { siteName: "Blog" }; }\n');
  const extra = (request: { path: string }) => ({ here: request.path });
  registerContextProcessor(extra);
  setup({
    TEMPLATES: [{
      DIRS: ['templates'],
      OPTIONS: {
        contextProcessors: [
          'hyperdjango.template.context_processors.auth',
          'hyperdjango.template.context_processors.messages',
          (request: { path: string }) => ({ upper: request.path.toUpperCase(), siteName: 'overridden below' }),
          'blog/context_processors.js#site',
        ],
      },
    }],
  });
  write('blog/context_processors.js', 'exports.site = () => ({ siteName: "Blog" });\n');
  write('templates/r.html', '{{ request.path }}|{{ user.name }}|{{ messages|join(",") }}|{{ upper }}|{{ siteName }}|{{ here }}|{{ title }}');
  const request = { path: '/a/', user: { name: 'ann' }, messages: ['saved'] };
  expect(await renderToString('r.html', { title: 'T', siteName: 'view wins' }, request)).toBe('/a/|ann|saved|/A/|view wins|/a/|T');
  expect(await renderToString('r.html', { title: 'T' }, request)).toBe('/a/|ann|saved|/A/|Blog|/a/|T');
});

test('unknown built-in context processor is a configuration error with a suggestion', () => {
  setup({ TEMPLATES: [{ OPTIONS: { contextProcessors: ['hyperdjango.template.context_processors.reqest'] } }] });
  expect(() => getEngine()).toThrow("Unknown context processor 'hyperdjango.template.context_processors.reqest'. Did you mean 'hyperdjango.template.context_processors.request'?");
});

test('registered filters and globals reach the engine, before or after it exists', async () => {
  registerGlobal('url', (name: string, ...args: unknown[]) => `/${name}/${args.join('/')}`);
  setup({ TEMPLATES: [{ DIRS: ['templates'] }] });
  getEngine();
  registerFilter('shout', (v: unknown) => `${String(v)}!`);
  write('templates/g.html', '<a href="{{ url("post", 3) }}">{{ "hi"|shout }}</a>');
  expect(await renderToString('g.html')).toBe('<a href="/post/3">hi!</a>');
});

test('async values in the context are resolved: promises, thenables, async iterables, async filters', async () => {
  setup({ TEMPLATES: [{ DIRS: ['templates'] }] });
  registerFilter('later', async (v: unknown) => `${String(v)}-later`);
  let fetched = 0;
  const querySet = {
    then(resolve: (rows: unknown[]) => void) {
      fetched++;
      resolve([{ title: 'a' }, { title: 'b' }]);
    },
  };
  async function* stream() {
    yield 1;
    yield 2;
  }
  const out = await fromString('{{ user.name }} {% for p in posts %}{{ p.title }}{% endfor %} {{ posts|length }} {% for n in numbers %}{{ n }}{% endfor %} {{ load() }} {{ "x"|later }}').render({
    user: Promise.resolve({ name: 'ann' }),
    posts: querySet,
    numbers: { [Symbol.asyncIterator]: stream },
    load: async () => 'loaded',
  });
  expect(out).toBe('ann ab 2 12 loaded x-later');
  // Awaited once per render, not once per use.
  expect(fetched).toBe(1);
});

test('attribute access: properties, Map entries, null parents, nested chains; a getter is read once', async () => {
  setup({ TEMPLATES: [{ DIRS: ['templates'] }] });
  let reads = 0;
  const lazy = {
    get value() {
      reads++;
      return 'v';
    },
  };
  const out = await fromString('{{ a.b.c }}|{{ m.key }}|{{ m.size }}|[{{ none.x }}]|[{{ a.missing.deeper }}]|{{ lazy.value }}').render({
    a: { b: { c: 'abc' } },
    m: new Map([['key', 'from map']]),
    none: null,
    lazy,
  });
  expect(out).toBe('abc|from map|1|[]|[]|v');
  expect(reads).toBe(1);
});

test('blocks named like Object.prototype members are plain blocks (extends, super, self)', async () => {
  const e = new Environment({
    loader: new DictLoader({
      'base.html': '{% block constructor %}B{% endblock %}|{% block toString %}T{% endblock %}|{% block __proto__ %}P{% endblock %}',
      'child.html': '{% extends "base.html" %}{% block constructor %}c{{ super() }}{% endblock %}{% block __proto__ %}{{ self.toString() }}{% endblock %}',
    }),
  });
  expect(await e.getTemplate('child.html').render({})).toBe('cB|T|T');
  expect(await e.getTemplate('base.html').renderBlock('toString')).toBe('T');
});
