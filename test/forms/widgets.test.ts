// The HTML of each widget, against Django's for the same widget and value
// (fixtures/django-widgets.json, printed by Debian's python3-django 3.2 with
// fixtures/django-widgets.py). Compared after normalising what differs only in
// spelling: whitespace between tags and the entity for a quote (&#34; is MarkupSafe's,
// &quot; Django's). Radio buttons and checkbox lists follow Django 4+, which wraps
// them in <div>s rather than 3.2's <ul>: those are checked against the 4+ markup.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import {
  CheckboxInput, CheckboxSelectMultiple, ClearableFileInput, DateInput, DateTimeInput, EmailInput, FileInput, HiddenInput,
  NullBooleanSelect, NumberInput, PasswordInput, RadioSelect, Select, SelectMultiple, Textarea, TextInput, TimeInput, URLInput,
} from '../../src/forms';

const django = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'django-widgets.json'), 'utf8')) as Record<string, string>;

const normalise = (html: string) => html.replace(/&quot;/g, '&#34;').replace(/&#x27;/g, '&#39;').replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();

const choices = [['a', 'Apple'], ['b', 'B & <b>']] as const;
const grouped = [['Fruit', [['a', 'Apple'], ['p', 'Pear']]], ['x', 'Other']] as const;

const ours: Record<string, () => string> = {
  text: () => new TextInput().render('title', 'He said "hi" & <left>', { id: 'id_title', maxlength: 10, required: true }).html,
  text_empty: () => new TextInput().render('title', null, { id: 'id_title' }).html,
  email: () => new EmailInput().render('email', 'a@b.co', { id: 'id_email' }).html,
  url: () => new URLInput().render('site', 'https://x.org/?a=1&b=2').html,
  number: () => new NumberInput().render('n', 3, { min: 1, max: 9, step: 'any' }).html,
  password: () => new PasswordInput().render('pw', 'secret').html,
  password_render_value: () => new PasswordInput({ renderValue: true }).render('pw', 'secret').html,
  hidden: () => new HiddenInput().render('token', 'abc').html,
  textarea: () => new Textarea().render('body', 'line <1>', { id: 'id_body' }).html,
  checkbox_on: () => new CheckboxInput().render('ok', true, { id: 'id_ok' }).html,
  checkbox_off: () => new CheckboxInput().render('ok', false).html,
  select: () => new Select({ choices }).render('kind', 'b', { id: 'id_kind' }).html,
  select_groups: () => new Select({ choices: grouped }).render('kind', 'p').html,
  select_multiple: () => new SelectMultiple({ choices }).render('kinds', ['a', 'b'], { id: 'id_kinds' }).html,
  date: () => new DateInput().render('day', '2024-02-29').html,
  datetime: () => new DateTimeInput().render('at', '2024-02-29 13:45:00').html,
  time: () => new TimeInput().render('t', '13:45:00').html,
  file: () => new FileInput().render('doc', null, { id: 'id_doc' }).html,
  clearable_file: () => new ClearableFileInput().render('doc', null, { id: 'id_doc' }).html,
  null_boolean: () => new NullBooleanSelect().render('flag', true).html,
};

describe('widgets print what Django prints', () => {
  it.each(Object.keys(ours))('%s', (name) => {
    expect(normalise(ours[name]())).toBe(normalise(django[name]));
  });

  it('covers every case of the fixture but the two Django 4 changed', () => {
    expect(Object.keys(django).filter((name) => !(name in ours)).sort()).toEqual(['checkbox_multiple', 'radio']);
  });
});

describe('multiple inputs, in Django 4+ markup', () => {
  it('RadioSelect wraps each labelled input in a <div>, the ids numbered', () => {
    expect(normalise(new RadioSelect({ choices }).render('kind', 'a', { id: 'id_kind' }).html)).toBe(
      '<div id="id_kind"><div><label for="id_kind_0"><input type="radio" name="kind" value="a" id="id_kind_0" checked> Apple</label></div><div><label for="id_kind_1"><input type="radio" name="kind" value="b" id="id_kind_1"> B &amp; &lt;b&gt;</label></div></div>',
    );
  });

  it('CheckboxSelectMultiple checks each chosen value', () => {
    expect(normalise(new CheckboxSelectMultiple({ choices }).render('kinds', ['b'], { id: 'id_kinds' }).html)).toBe(
      '<div id="id_kinds"><div><label for="id_kinds_0"><input type="checkbox" name="kinds" value="a" id="id_kinds_0"> Apple</label></div><div><label for="id_kinds_1"><input type="checkbox" name="kinds" value="b" id="id_kinds_1" checked> B &amp; &lt;b&gt;</label></div></div>',
    );
  });

  it('prints a Date in the current time zone', () => {
    configure({ TIME_ZONE: 'Europe/Paris', USE_TZ: true, SECRET_KEY: 'x' });
    try {
      expect(new DateTimeInput().render('at', new Date('2024-07-01T10:00:00Z')).html).toBe('<input type="text" name="at" value="2024-07-01 12:00:00">');
      expect(new DateInput().render('day', new Date('2024-06-30T23:30:00Z')).html).toBe('<input type="text" name="day" value="2024-07-01">');
    } finally {
      resetSettings();
    }
  });

  it('an input type can be chosen, as an HTML5 date input', () => {
    expect(new DateInput({ inputType: 'date' }).render('day', '2024-02-29').html).toBe('<input type="date" name="day" value="2024-02-29">');
  });

  it('ClearableFileInput shows the current file and a clear box for an optional field', () => {
    const widget = new ClearableFileInput();
    const html = normalise(widget.render('doc', { url: '/media/a&b.txt', toString: () => 'a&b.txt' }, { id: 'id_doc' }).html);
    expect(html).toBe('Currently: <a href="/media/a&amp;b.txt">a&amp;b.txt</a><input type="checkbox" name="doc-clear" id="doc-clear_id"><label for="doc-clear_id">Clear</label><br> Change: <input type="file" name="doc" id="id_doc">');
  });
});
