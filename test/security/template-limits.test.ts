// Hostile or generated templates: nesting far past what a person writes, and very
// long templates. Each is a TemplateSyntaxError naming the spot, or renders; never a
// RangeError, an "internal error", or a crash.
import { TemplateSyntaxError, fromString } from '../../src/template';

const refused: Record<string, string> = {
  'nested if blocks': `${'{% if x %}'.repeat(5000)}y${'{% endif %}'.repeat(5000)}`,
  'nested for loops': `${'{% for a in x %}'.repeat(3000)}y${'{% endfor %}'.repeat(3000)}`,
  'nested blocks': `${Array.from({ length: 2000 }, (_, i) => `{% block b${i} %}`).join('')}${'{% endblock %}'.repeat(2000)}`,
  parentheses: `{{ ${'('.repeat(10000)}x${')'.repeat(10000)} }}`,
  lists: `{{ ${'['.repeat(10000)}${']'.repeat(10000)} }}`,
  'an operator chain': `{{ ${Array.from({ length: 20000 }, () => 'x').join(' + ')} }}`,
  'a filter chain': `{{ x${'|upper'.repeat(20000)} }}`,
  'an attribute chain': `{{ x${'.a'.repeat(20000)} }}`,
  'not not not': `{{ ${'not '.repeat(20000)}x }}`,
  'unary minus': `{{ ${'-'.repeat(20000)}1 }}`,
  'a tag argument': `{% set y = ${'('.repeat(5000)}1${')'.repeat(5000)} %}`,
};

test.each(Object.entries(refused))('%s: a TemplateSyntaxError with a position', async (_name, source) => {
  const error = await (async () => fromString(source))().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TemplateSyntaxError);
  expect((error as Error).message).toMatch(/^<string>:1:\d+: .* nested too deeply \(more than 100 levels\)/);
});

test('nesting a template really uses still compiles and renders', async () => {
  const depth = 60;
  const blocks = `${'{% for a in x %}{% if a %}'.repeat(depth / 2)}[{{ a }}]${'{% endif %}{% endfor %}'.repeat(depth / 2)}`;
  expect(await fromString(blocks).render({ x: [1] })).toBe('[1]');
  const expr = `{{ ${'('.repeat(90)}x${')'.repeat(90)} + ${Array.from({ length: 90 }, () => '1').join(' + ')} }}`;
  expect(await fromString(expr).render({ x: 1 })).toBe('91');
  expect(await fromString(`{{ x${'|lower'.repeat(95)} }}`).render({ x: 'A' })).toBe('a');
});

test('a very long flat template renders', async () => {
  const source = '<p>{{ x }}</p>{% if x %}!{% endif %}\n'.repeat(20000);
  const html = await fromString(source).render({ x: '<b>' });
  expect(html).toBe('<p>&lt;b&gt;</p>!\n'.repeat(20000).slice(0, -1)); // Jinja2 drops the final newline
});
