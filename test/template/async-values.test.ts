// Templates run synchronously until a value is a thenable, then go on asynchronously
// from where they stopped: async values anywhere (includes, blocks, macros, recursive
// loops) render in order, nothing before them runs twice, errors keep their line.
import { Environment } from '../../src/template/environment';
import { TemplateRuntimeError } from '../../src/template/errors';
import { DictLoader } from '../../src/template/loaders';

const later = <T>(value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), 1));

function env(templates: Record<string, string>): Environment {
  return new Environment({ loader: new DictLoader(templates) });
}

test('an async value deep in includes, blocks, a macro and a recursive loop resumes where it was met', async () => {
  const calls: string[] = [];
  const e = env({
    'base.html': '<{% block main %}{% endblock %}>{% include "foot.html" %}',
    'foot.html': '[{{ note() }}|{{ slow }}]',
    'page.html':
      '{% extends "base.html" %}{% macro m(x) %}({{ x }}:{{ slow }}){% endmacro %}' +
      '{% block main %}{{ count() }}{{ m(1) }}{% for n in tree recursive %}{{ n.name }}{% if n.kids %}{{ loop(n.kids) }}{% endif %}{% endfor %}{{ count() }}{% endblock %}',
  });
  let n = 0;
  const out = await e.getTemplate('page.html').render({
    count: () => {
      calls.push('count');
      return ++n;
    },
    note: () => {
      calls.push('note');
      return 'n';
    },
    slow: later('S'),
    tree: [{ name: 'a', kids: later([{ name: 'b', kids: [] }]) }],
  });
  expect(out).toBe('<1(1:S)ab2>[n|S]');
  expect(calls).toEqual(['count', 'count', 'note']);
});

test('a render with no async values still returns a promise, and so do its errors', async () => {
  const t = env({ 'p.html': 'a\n{{ 1 // 0 }}' }).getTemplate('p.html');
  const result = t.render({});
  expect(result).toBeInstanceOf(Promise);
  await expect(result).rejects.toThrow(new TemplateRuntimeError('p.html:2: division by zero'));
  await expect(env({ 'q.html': 'x' }).getTemplate('q.html').render()).resolves.toBe('x');
});

test('a rejected value fails the render at its line, after the template resumed', async () => {
  const t = env({ 'p.html': '{{ a }}\n{% include "i.html" %}', 'i.html': 'ok\n\n{{ b }}' }).getTemplate('p.html');
  const error = await t.render({ a: later('A'), b: later(0).then(() => Promise.reject(new TemplateRuntimeError('no b'))) }).catch((e: unknown) => e);
  expect((error as Error).message).toBe('i.html:3: no b');
});
