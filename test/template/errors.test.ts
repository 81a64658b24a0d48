// Errors point at the template: syntax errors with name:line:col and the source
// line, runtime errors with name:line; recursion fails instead of hanging.
import { Environment } from '../../src/template/environment';
import { TemplateDoesNotExist, TemplateRuntimeError, TemplateSyntaxError, UndefinedError } from '../../src/template/errors';
import { DictLoader } from '../../src/template/loaders';

function compileError(source: string): TemplateSyntaxError {
  const env = new Environment({ loader: new DictLoader({ 'page.html': source }) });
  try {
    env.getTemplate('page.html');
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    return error as TemplateSyntaxError;
  }
  throw new Error('expected a TemplateSyntaxError');
}

describe('syntax errors', () => {
  test('unknown filter: location, snippet and suggestion', () => {
    const e = compileError('<h1>\n  {{ post.title|titel }}</h1>');
    expect(e.message).toBe("page.html:2:17: unknown filter 'titel' (did you mean 'title'?)");
    expect(e.code).toBe('HYPER_TEMPLATE_SYNTAX');
    expect([e.templateName, e.line, e.column]).toEqual(['page.html', 2, 17]);
    expect(e.snippet).toBe('  {{ post.title|titel }}</h1>');
  });

  test('unknown test', () => {
    expect(compileError('{% if x is od %}{% endif %}').message).toBe("page.html:1:12: unknown test 'od' (did you mean 'odd'?)");
  });

  test('unknown tag', () => {
    expect(compileError('a\n{% fro x in y %}').message).toBe("page.html:2:4: unknown tag 'fro' (did you mean 'for'?)");
  });

  test.each([
    ['{% if x %}never closed', "page.html:1:4: unexpected end of template: the 'if' tag on line 1 was never closed (expected 'elif' or 'else' or 'endif')"],
    ['{% for x in y %}\n{% endif %}', "page.html:2:4: unexpected 'endif' (the 'for' tag is still open, expected 'endfor' or 'else')"],
    ['{% endfor %}', "page.html:1:4: unexpected 'endfor'"],
    ['{% block a %}{% endblock b %}', "page.html:1:26: mismatched endblock: expected 'a', got 'b'"],
    ['{% block a %}{% endblock %}{% block a %}{% endblock %}', "page.html:1:37: block 'a' defined twice"],
    ['{{ x ', "page.html:1:1: unclosed '{{': missing '}}'"],
    ['{% if x ', "page.html:1:1: unclosed '{%': missing '%}'"],
    ['{# never', 'page.html:1:1: unclosed comment: missing #}'],
    ['{% raw %}x', "page.html:1:1: unclosed 'raw' tag: missing {% endraw %}"],
    ['{{ 1 + }}', "page.html:1:8: unexpected '}}' in expression"],
    ['{{ (1 + 2 }}', "page.html:1:11: unexpected '}', expected ')'"],
    ['{{ "abc }}', 'page.html:1:4: unterminated string literal'],
    ['{{ a $ b }}', "page.html:1:6: unexpected character '$'"],
    ['{% break %}', "page.html:1:4: 'break' outside of a for loop"],
    ['{{ super() }}', 'page.html:1:9: super() is only available inside a block'],
    ['{% if x %}{% extends "a" %}{% endif %}', 'page.html:1:14: {% extends %} must be at the top level of the template, not inside another tag'],
    ['{{ x.constructor }}', "page.html:1:5: access to 'constructor' is not allowed in templates"],
    ['{{ x["__proto__"] }}', "page.html:1:5: access to '__proto__' is not allowed in templates"],
    ['{{ x|truncate(lenght=3) }}', "page.html:1:6: filter 'truncate' has no argument 'lenght' (did you mean 'length'?)"],
    ['{% set loop = 1 %}', "page.html:1:8: cannot assign to 'loop'"],
  ])('%s', (source, message) => {
    expect(compileError(source).message).toBe(message);
  });
});

describe('runtime errors', () => {
  const env = (templates: Record<string, string>, strict = false) =>
    new Environment({ loader: new DictLoader(templates), undefined: strict ? 'strict' : 'lenient' });

  test('StrictUndefined raises with file:line, but defined/default still work', async () => {
    const e = env({ 'p.html': 'ok\n{{ user.nmae }}' }, true);
    await expect(e.getTemplate('p.html').render({ user: { name: 'a' } })).rejects.toThrow(new UndefinedError("p.html:2: 'user.nmae' is undefined"));
    await expect(e.getTemplate('p.html').render({})).rejects.toThrow("p.html:2: 'user' is undefined");
    const ok = e.getTemplate('p.html');
    void ok;
    const lenient = env({ 'q.html': '{{ x is defined }}|{{ x|default("d") }}|{{ y.z is defined }}' }, true);
    expect(await lenient.getTemplate('q.html').render({})).toBe('false|d|false');
  });

  test('loop() outside a recursive loop names the problem and the line', async () => {
    const e = env({ 'p.html': '{% for x in [1] %}\n{{ loop(x) }}{% endfor %}' });
    await expect(e.getTemplate('p.html').render()).rejects.toThrow("p.html:2: loop() can only be called in a for loop marked 'recursive'");
  });

  test('lenient mode renders undefined as empty', async () => {
    expect(await env({ 'p.html': '[{{ a.b.c }}{{ a[1] }}]' }).getTemplate('p.html').render()).toBe('[]');
  });

  test('error inside an included template names that template and line', async () => {
    const e = env({ 'page.html': 'x\n{% include "part.html" %}', 'part.html': '\n\n{{ 1 / 0 }}' });
    await expect(e.getTemplate('page.html').render()).rejects.toThrow(new TemplateRuntimeError('part.html:3: division by zero'));
  });

  test('error in a macro body reports the macro line', async () => {
    const e = env({ 'p.html': '{% macro m() %}\n{{ [1]|batch(0)|list }}{% endmacro %}\n{{ m() }}' });
    await expect(e.getTemplate('p.html').render()).rejects.toThrow(/^p\.html:2: /);
  });

  test('errors thrown by user code keep their class and gain templateLocation', async () => {
    class NotFound extends Error {}
    const e = env({ 'p.html': '\n{{ load() }}' });
    const error = await e.getTemplate('p.html').render({ load: () => { throw new NotFound('gone'); } }).catch((x) => x);
    expect(error).toBeInstanceOf(NotFound);
    expect(error.templateLocation).toEqual({ name: 'p.html', line: 2 });
  });

  test('recursive extends is an error, not a hang', async () => {
    const e = env({ 'a.html': '{% extends "b.html" %}', 'b.html': '{% extends "a.html" %}' });
    await expect(e.getTemplate('a.html').render()).rejects.toThrow('recursive extends: a.html -> b.html -> a.html');
    const self = env({ 'a.html': '{% extends "a.html" %}' });
    await expect(self.getTemplate('a.html').render()).rejects.toThrow('recursive extends: a.html -> a.html');
  });

  test('recursive include is an error, not a hang', async () => {
    const e = env({ 'a.html': 'x{% include "b.html" %}', 'b.html': '{% include "a.html" %}' });
    await expect(e.getTemplate('a.html').render()).rejects.toThrow(/recursive include: more than 64 levels deep \(\.\.\. .*a\.html -> b\.html\)/);
  });

  test('recursive import is an error', async () => {
    const e = env({ 'a.html': '{% import "a.html" as a with context %}' });
    await expect(e.getTemplate('a.html').render()).rejects.toThrow(/recursive import/);
  });

  test('bounded recursion through include still works', async () => {
    const e = env({ 'tree.html': '{{ n }}{% if n > 0 %}{% with n = n - 1 %}{% include "tree.html" %}{% endwith %}{% endif %}' });
    expect(await e.getTemplate('tree.html').render({ n: 3 })).toBe('3210');
  });

  test('missing template names the search path', async () => {
    const e = env({ 'p.html': '{% include "nope.html" %}' });
    const error = await e.getTemplate('p.html').render().catch((x) => x);
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    expect(error.message).toBe("p.html:1: template 'nope.html' not found (looked in: <dict>)");
  });

  test('required block not overridden', async () => {
    const e = env({ 'base.html': '{% block body required %}{% endblock %}' });
    await expect(e.getTemplate('base.html').render()).rejects.toThrow("base.html:1: required block 'body' must be overridden by a child template");
  });

  test('dynamic access to blocked names fails at runtime', async () => {
    const e = env({ 'p.html': "{{ x[k] }}" });
    await expect(e.getTemplate('p.html').render({ x: {}, k: 'constructor' })).rejects.toThrow("p.html:1: access to 'constructor' is not allowed in templates");
    await expect(env({ 'q.html': "{{ x|attr('__proto__') }}" }).getTemplate('q.html').render({ x: {} })).rejects.toThrow(/not allowed/);
    await expect(env({ 'r.html': "{{ x|map(attribute='constructor')|list }}" }).getTemplate('r.html').render({ x: [{}] })).rejects.toThrow(/not allowed/);
  });

  test('macro argument errors', async () => {
    const e = env({ 'p.html': '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}' });
    await expect(e.getTemplate('p.html').render()).rejects.toThrow("p.html:1: macro 'm' takes 1 positional argument(s), got 2");
    const k = env({ 'p.html': '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=1) }}' });
    await expect(k.getTemplate('p.html').render()).rejects.toThrow(`p.html:1: macro 'm' has no argument "b"`);
  });

  test('calling something that is not callable', async () => {
    await expect(env({ 'p.html': '\n{{ nope() }}' }).getTemplate('p.html').render()).rejects.toThrow("p.html:2: 'nope' is undefined");
    await expect(env({ 'p.html': '{{ x() }}' }).getTemplate('p.html').render({ x: 1 })).rejects.toThrow("p.html:1: 'x' is not callable");
  });
});
