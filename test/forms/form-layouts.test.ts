// asP(), asTable() and asUl() against Django's as_p(), as_table() and as_ul() for the
// same form, bound with errors and unbound (fixtures/django-form.json, printed by
// Debian's python3-django 3.2 with fixtures/django-form.py). Compared after removing
// what Django 5 added and 3.2 lacks (the aria-describedby and aria-invalid ties, the
// ids of error lists and help text) and whitespace between tags; the quote entity is
// spelled as MarkupSafe spells it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BooleanField, CharField, ChoiceField, form, HiddenInput, IntegerField, ValidationError } from '../../src/forms';

const django = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'django-form.json'), 'utf8')) as Record<string, string>;

const normalise = (html: string) =>
  html
    .replace(/ aria-(?:describedby|invalid)="[^"]*"/g, '')
    .replace(/ id="id_\w+_(?:error|helptext)"/g, '')
    .replace(/&quot;/g, '&#34;')
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .replace(/> /g, '>')
    .replace(/ </g, '<')
    .trim();

class Profile extends form({
  name: CharField({ maxLength: 20, helpText: 'Your full name' }),
  age: IntegerField({ minValue: 0, required: false }),
  color: ChoiceField({ choices: [['r', 'Red'], ['g', 'Green']] }),
  agree: BooleanField(),
  token: CharField({ widget: new HiddenInput() }),
}) {
  override clean() {
    throw new ValidationError('Something is off.');
  }
}

async function forms() {
  const bound = new Profile({ data: { name: 'x'.repeat(21), age: '-1', color: 'g', token: 't' } });
  await bound.isValid();
  return { bound, unbound: new Profile({ initial: { token: 'abc' } }) };
}

describe.each(['bound', 'unbound'] as const)('the %s form', (which) => {
  it.each(['p', 'table', 'ul'] as const)('as_%s', async (layout) => {
    const f = (await forms())[which];
    const ours = layout === 'p' ? f.asP() : layout === 'table' ? f.asTable() : f.asUl();
    expect(normalise(ours.html)).toBe(normalise(django[`${which}_${layout}`]));
  });
});
