// Forms: binding (QueryDict, JSON object, a request), the clean hooks and
// clean(), errors, hasChanged(), prefixes, disabled fields, and rendering (asDiv,
// asP, asTable, field by field in a template) with templates overridden per widget
// and per form.
import { configure, resetSettings } from '../../src/conf/settings';
import {
  BooleanField, CharField, ChoiceField, EmailField, form, FormError, HiddenInput, IntegerField, JSONField, TextInput, ValidationError,
} from '../../src/forms';
import { QueryDict } from '../../src/http/query-dict';
import { Environment } from '../../src/template';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';

class SignupForm extends form({
  username: CharField({ maxLength: 10, helpText: 'Letters & digits' }),
  email: EmailField(),
  age: IntegerField({ required: false, minValue: 13 }),
  password: CharField({ widget: new TextInput({ attrs: { autocomplete: 'new-password' } }) }),
  confirm: CharField(),
  next: CharField({ required: false, widget: new HiddenInput() }),
}) {
  cleanUsername() {
    const name = this.cleanedData.username;
    if (name === 'admin') throw new ValidationError('That name is taken.');
    return name.toLowerCase();
  }
  override clean() {
    if (this.cleanedData.password !== this.cleanedData.confirm) throw new ValidationError('The passwords differ.');
  }
}

const good = { username: 'Ann', email: 'ann@example.com', age: '30', password: 'pw', confirm: 'pw' };

beforeEach(() => resetSettings());

describe('validation', () => {
  it('types cleanedData from the declaration and runs clean<Field>() after the field', async () => {
    const f = new SignupForm({ data: good });
    expect(await f.isValid()).toBe(true);
    const name: string = f.cleanedData.username;
    const age: number | null = f.cleanedData.age;
    expect([name, age, f.cleanedData.next]).toEqual(['ann', 30, '']);
  });

  it('collects field errors, hook errors and clean() errors, and leaves bad fields out of cleanedData', async () => {
    const f = new SignupForm({ data: { ...good, username: 'admin', age: '9', confirm: 'other' } });
    expect(await f.isValid()).toBe(false);
    expect(Object.fromEntries(Object.entries(f.errors).map(([k, v]) => [k, [...v]]))).toEqual({
      username: ['That name is taken.'],
      age: ['Ensure this value is greater than or equal to 13.'],
      __all__: ['The passwords differ.'],
    });
    expect([...f.nonFieldErrors()]).toEqual(['The passwords differ.']);
    expect('username' in f.cleanedData).toBe(false);
    expect(f.hasError('age')).toBe(true);
  });

  it('binds a QueryDict from request.form(), prefixes included', async () => {
    const data = QueryDict.parse('s-username=bob&s-email=b%40x.org&s-password=a&s-confirm=a&username=ignored');
    const f = new SignupForm({ data, prefix: 's' });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData.username).toBe('bob');
    expect(f.get('username').htmlName).toBe('s-username');
    expect(String(f.get('email'))).toContain('id="id_s-email"');
  });

  it('an unbound form is not valid and has no errors; reading cleanedData first is a clear error', async () => {
    const f = new SignupForm();
    expect(await f.isValid()).toBe(false);
    expect(f.errors).toEqual({});
    expect(() => f.cleanedData).toThrow(expect.objectContaining({ code: 'HYPER_FORM_NOT_VALIDATED' }));
    const bound = new SignupForm({ data: good });
    expect(() => bound.errors).toThrow(FormError);
  });

  it('addError() files several fields\' errors, and refuses an unknown field', async () => {
    const f = new SignupForm({ data: good });
    await f.isValid();
    f.addError(null, new ValidationError({ email: ['Taken.'], __all__: ['Try again.'] }));
    expect([...f.errors.email]).toEqual(['Taken.']);
    expect([...f.nonFieldErrors()]).toEqual(['Try again.']);
    expect(() => f.addError('nope', 'x')).toThrow(expect.objectContaining({ code: 'HYPER_FORM_UNKNOWN_FIELD' }));
  });

  it('a disabled field keeps its initial value whatever is posted', async () => {
    const Locked = form({ name: CharField({ disabled: true, initial: 'fixed' }), n: IntegerField() });
    const f = new Locked({ data: { name: 'hacked', n: '1' } });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData.name).toBe('fixed');
    expect(f.changedData).toEqual(['n']);
  });

  it('hasChanged() and changedData compare the data with the initial values', () => {
    const Settings = form({ name: CharField(), news: BooleanField({ required: false }), n: IntegerField() });
    const f = new Settings({ data: { name: 'a', n: '1.0' }, initial: { name: 'a', news: false, n: 1 } });
    expect(f.hasChanged()).toBe(false);
    const g = new Settings({ data: { name: 'a', news: 'on', n: '2' }, initial: { name: 'a', news: false, n: 1 } });
    expect(g.changedData).toEqual(['news', 'n']);
  });

  it('keeps a JSON body\'s array and object values for a JSONField', async () => {
    const Api = form({ points: JSONField(), meta: JSONField(), name: CharField() });
    const f = new Api({ data: { points: [1, 2, 3], meta: { a: [true] }, name: ['x', 'y'] } });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData).toEqual({ points: [1, 2, 3], meta: { a: [true] }, name: 'y' });
  });

  it('binds a JSON object, with non-string values', async () => {
    const Api = form({ n: IntegerField(), tags: ChoiceField({ choices: [['a', 'A']] }), ok: BooleanField() });
    const f = new Api({ data: { n: 5, tags: 'a', ok: true } });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData).toEqual({ n: 5, tags: 'a', ok: true });
  });
});

describe('rendering', () => {
  it('ties labels, help text and errors to the input (label for, aria-describedby, aria-invalid)', async () => {
    const f = new SignupForm({ data: { ...good, username: 'x'.repeat(11) } });
    await f.isValid();
    const html = f.get('username').toString();
    expect(html).toBe('<input type="text" name="username" value="xxxxxxxxxxx" maxlength="10" required aria-describedby="id_username_helptext id_username_error" aria-invalid="true" id="id_username">');
    expect(f.get('username').labelTag().html).toBe('<label for="id_username">Username:</label>');
    expect(f.get('username').errors.toString()).toBe('<ul class="errorlist" id="id_username_error"><li>Ensure this value has at most 10 characters (it has 11).</li></ul>');
    expect(f.get('password').toString()).toContain('autocomplete="new-password"');
  });

  it('asDiv(), asP() and asTable() print every field, hidden ones last, help text escaped', () => {
    const f = new SignupForm({ initial: { next: '/home' } });
    for (const html of [f.asDiv().html, f.asP().html, f.asTable().html]) {
      expect(html).toContain('<label for="id_email">Email:</label>');
      expect(html).toContain('id="id_username_helptext">Letters &amp; digits<');
      expect(html.indexOf('type="hidden" name="next" value="/home"')).toBeGreaterThan(html.indexOf('name="confirm"'));
    }
    expect(f.asTable().html).toContain('<th><label for="id_age">Age:</label></th>');
  });

  it('escapes submitted values, labels and messages that carry them', async () => {
    const Pick = form({ kind: ChoiceField({ choices: [['a', 'A & B']], label: '<Kind>' }), note: CharField({ maxLength: 3 }) });
    const f = new Pick({ data: { kind: '<script>x</script>', note: '"><img src=x onerror=alert(1)>' } });
    await f.isValid();
    const html = f.asDiv().html;
    expect(html).not.toMatch(/<script>|<img/);
    expect(html).toContain('<li>Select a valid choice. &lt;script&gt;x&lt;/script&gt; is not one of the available choices.</li>');
    expect(html).toContain('value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).toContain('<label for="id_kind">&lt;Kind&gt;:</label>');
    expect(html).toContain('<option value="a">A &amp; B</option>');
  });

  it('prints hidden fields\' errors at the top, named', async () => {
    const Hidden = form({ token: IntegerField({ widget: new HiddenInput() }), name: CharField() });
    const f = new Hidden({ data: { token: 'x', name: 'a' } });
    await f.isValid();
    expect(f.asDiv().html).toContain('<ul class="errorlist nonfield"><li>(Hidden field token) Enter a whole number.</li></ul>');
  });

  it('prints field by field in a template: {{ form.username }}, its errors and labelTag()', async () => {
    const f = new SignupForm({ data: { ...good, email: 'bad' } });
    await f.isValid();
    const template = new Environment().fromString('{{ form.email.labelTag() }}{{ form.email }}{{ form.email.errors }}{% for field in form %}[{{ field.name }}]{% endfor %}{{ form.nonFieldErrors() }}');
    const html = await template.render({ form: f });
    expect(html).toBe('<label for="id_email">Email:</label><input type="email" name="email" value="bad" required aria-describedby="id_email_error" aria-invalid="true" id="id_email"><ul class="errorlist" id="id_email_error"><li>Enter a valid email address.</li></ul>[username][email][age][password][confirm][next]');
  });

  it('uses a project\'s template for a widget and for a form, before the framework\'s', () => {
    const dir = makeSuiteTempDir('hyper-forms-');
    writeFiles(dir, {
      'templates/forms/widgets/email.html': '<input class="mine" type="email" name="{{ widget.name }}">',
      'templates/custom/form.html': '{% for field, errors in fields %}<{{ field.name }}>{% endfor %}',
    });
    configure({ BASE_DIR: dir, TEMPLATES: [{ DIRS: ['templates'] }], SECRET_KEY: 'x' });
    const f = new SignupForm();
    expect(f.get('email').toString()).toBe('<input class="mine" type="email" name="email">');
    f.templateName = 'custom/form.html';
    expect(f.render().html).toBe('<username><email><age><password><confirm>');
  });
});
