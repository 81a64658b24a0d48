// Runtime errors of templates carry a code per failure (docs/errors.md) beside the
// template's name and line.
import { Environment } from '../../src/template/environment';
import { TemplateRuntimeError } from '../../src/template/errors';
import { DictLoader } from '../../src/template/loaders';

async function failure(source: string, context: Record<string, unknown> = {}): Promise<TemplateRuntimeError> {
  const env = new Environment({ loader: new DictLoader({ 'p.html': source }) });
  try {
    await env.getTemplate('p.html').render(context);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateRuntimeError);
    return error as TemplateRuntimeError;
  }
  throw new Error('rendered without an error');
}

test.each([
  ['{% for x in n %}{% endfor %}', { n: 5 }, 'HYPER_TEMPLATE_NOT_ITERABLE', 'p.html:1: number is not iterable'],
  ["{{ 'abc'[::0] }}", {}, 'HYPER_TEMPLATE_BAD_SLICE', 'p.html:1: slice step cannot be zero'],
  ['{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}', {}, 'HYPER_TEMPLATE_MACRO_ARGUMENTS', "p.html:1: macro 'm' takes 1 positional argument(s), got 2"],
  ['{% macro m(a) %}{{ a }}{% endmacro %}{{ m(b=1) }}', {}, 'HYPER_TEMPLATE_MACRO_ARGUMENTS', `p.html:1: macro 'm' has no argument "b"`],
  ['{{ items|first }}', { items: (async function* () { yield 1; })() }, 'HYPER_TEMPLATE_UNAWAITED', 'p.html:1: cannot iterate an async iterable here; await it first'],
])('%s', async (source, context, code, message) => {
  const error = await failure(source, context);
  expect(error.code).toBe(code);
  expect(error.message.startsWith(message)).toBe(true);
});
