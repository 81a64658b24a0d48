// The framework's form and widget templates rendered by their functions print what
// the engine prints from the template files, character for character (each form here
// is rendered both ways); a project's template of the same name, a widget's or a
// form's templateName still win. Validation that fails without throwing gives the
// messages it gave, a project's field subclass still sees the throw, and forms that
// share their declared fields never share a change.
import { configure, resetSettings } from '../../src/conf/settings';
import {
  BooleanField, CharField, CheckboxSelectMultiple, ChoiceField, DateField, DateTimeField, DecimalField, EmailField, FileField, FloatField, form, HiddenInput,
  IntegerField, MultipleChoiceField, NullBooleanField, PasswordInput, RadioSelect, SlugField, Textarea, TextInput, TimeField, URLField, UUIDField, ValidationError, JSONField, DurationField,
} from '../../src/forms';
import { useFastTemplates } from '../../src/forms/renderer';
import { QueryDict } from '../../src/http/query-dict';
import { makeSuiteTempDir, writeFiles } from '../support/temp-project';

class Everything extends form({
  name: CharField({ maxLength: 50, helpText: 'As on your <passport>' }),
  email: EmailField(),
  website: URLField({ required: false }),
  slug: SlugField(),
  age: IntegerField({ minValue: 0, maxValue: 150 }),
  price: DecimalField({ maxDigits: 8, decimalPlaces: 2 }),
  rating: FloatField({ minValue: 0, maxValue: 5 }),
  agree: BooleanField(),
  maybe: NullBooleanField({ required: false }),
  color: ChoiceField({ choices: [['', '---'], ['Warm', [['red', 'Red'], ['orange', 'Orange']]], ['blue', 'Blue & "sky"']] }),
  num: ChoiceField({ choices: [[1, 'One'], ['', [['2', 'Two <2>']]]], required: false }),
  size: ChoiceField({ choices: [['s', 'Small'], ['l', 'Large']], widget: new RadioSelect(), helpText: 'Pick one' }),
  tags: MultipleChoiceField({ choices: [['news', 'News'], ['art', 'Art']] }),
  extras: MultipleChoiceField({ choices: [['a', 'A'], ['b', 'B']], widget: new CheckboxSelectMultiple(), required: false }),
  birthday: DateField(),
  meeting: DateTimeField({ required: false }),
  alarm: TimeField({ required: false }),
  wait: DurationField({ required: false }),
  key: UUIDField({ required: false }),
  data: JSONField({ required: false }),
  secret: CharField({ widget: new PasswordInput({ renderValue: true }), required: false }),
  bio: CharField({ widget: new Textarea(), required: false }),
  next: CharField({ widget: new HiddenInput(), required: false }),
  upload: FileField({ required: false }),
}) {
  override clean() {
    if (this.cleanedDataOrEmpty().name === 'boss') throw new ValidationError('No bosses.');
  }
}

const submitted = QueryDict.parse('name=Ann+O%27Neil+%3Cann%3E&email=ann%40&website=example.com&slug=a+b&age=200&price=12.345&rating=x&agree=on&color=orange&num=2&size=m&tags=news&tags=nope&extras=b&birthday=2023-02-30&meeting=2024-01-02+03:04&alarm=25:00&wait=nope&key=nope&data=%7B&secret=s%26s&bio=Writes+%26+reads.%0A%3Cb%3E&next=%2Fhome');

async function forms() {
  const bound = new Everything({ data: submitted });
  await bound.isValid();
  const valid = new Everything({ data: QueryDict.parse('p-name=boss&p-email=a%40b.co&p-slug=s&p-age=3&p-price=1.5&p-rating=2&p-agree=on&p-color=red&p-size=s&p-tags=art&p-birthday=2024-02-29&p-next=x'), prefix: 'p' });
  await valid.isValid();
  const unbound = new Everything({ initial: { name: 'Init', tags: ['art'], bio: '' }, autoId: 'f_%s' });
  const hiddenOnly = new (form({ a: CharField({ widget: new HiddenInput() }) }))({ data: {} });
  await hiddenOnly.isValid();
  const noFields = new (form({}))({ data: {} });
  await noFields.isValid();
  return [bound, valid, unbound, hiddenOnly, noFields];
}

function allLayouts(f: Everything | { asP(): { html: string }; asDiv(): { html: string }; asTable(): { html: string }; asUl(): { html: string } }) {
  const fields = f instanceof Everything ? [...f].map((bound) => `${bound.labelTag().html}${bound.toString()}${bound.errors.toString()}`) : [];
  return [f.asP().html, f.asDiv().html, f.asTable().html, f.asUl().html, ...fields];
}

afterEach(() => useFastTemplates(true));

it('prints what the engine prints from the template files, for every layout and widget', async () => {
  const fast = (await forms()).map(allLayouts);
  useFastTemplates(false);
  const engine = (await forms()).map(allLayouts);
  expect(fast).toEqual(engine);
  // The comparison covers the cases it is meant to: errors, values to escape, optgroups.
  expect(fast[0][0]).toContain('value="Ann O&#39;Neil &lt;ann&gt;"');
  expect(fast[0][0]).toContain('<optgroup label="Warm">');
  expect(fast[1][0]).toContain('No bosses.');
});

describe('a project\'s templates win over the functions', () => {
  afterEach(() => resetSettings());

  it('a same-named file in the project\'s templates, for widgets, error lists and layouts', async () => {
    const dir = makeSuiteTempDir('hyper-fast-');
    writeFiles(dir, {
      'templates/forms/widgets/text.html': '<input class="mine" name="{{ widget.name }}">',
      'templates/forms/widgets/select.html': '<select class="mine" name="{{ widget.name }}"></select>',
      'templates/forms/errors/ul.html': '{% for e in errors %}[{{ e }}]{% endfor %}',
      'templates/forms/p.html': '{% for field, errors in fields %}<p>{{ field }}{{ errors }}</p>{% endfor %}',
    });
    configure({ BASE_DIR: dir, TEMPLATES: [{ DIRS: ['templates'] }], SECRET_KEY: 'x' });
    const Small = form({ title: CharField(), color: ChoiceField({ choices: [['r', 'Red']] }) });
    const f = new Small({ data: { title: '', color: 'r' } });
    await f.isValid();
    expect(f.asP().html).toBe('<p><input class="mine" name="title">[This field is required.]</p><p><select class="mine" name="color"></select></p>');
    // The framework's own templates still print the rest.
    expect(f.asDiv().html).toContain('<label for="id_title">Title:</label>');
  });

  it('a widget\'s templateName and a form\'s templateName', async () => {
    const dir = makeSuiteTempDir('hyper-fast-');
    writeFiles(dir, { 'templates/mine/input.html': '<i>{{ widget.name }}</i>', 'templates/mine/form.html': '{% for field, errors in fields %}{{ field }}{% endfor %}' });
    configure({ BASE_DIR: dir, TEMPLATES: [{ DIRS: ['templates'] }], SECRET_KEY: 'x' });
    const Small = form({ title: CharField({ widget: new TextInput({ templateName: 'mine/input.html' }) }), note: CharField() });
    const f = new Small();
    expect(f.get('title').toString()).toBe('<i>title</i>');
    expect(f.get('note').widget.render('note', 'x', {}, 'mine/input.html').html).toBe('<i>note</i>');
    f.templateName = 'mine/form.html';
    expect(f.render().html).toBe('<i>title</i><input type="text" name="note" required id="id_note">');
  });
});

describe('validation that fails without throwing', () => {
  it('gives the same messages as the throwing path, and a direct toPython() still throws', async () => {
    const f = new Everything({ data: submitted });
    expect(await f.isValid()).toBe(false);
    expect(f.fieldErrors('age')).toEqual(['Ensure this value is less than or equal to 150.']);
    expect(f.fieldErrors('price')).toEqual(['Ensure that there are no more than 2 decimal places.']);
    expect(f.fieldErrors('tags')).toEqual(['Select a valid choice. nope is not one of the available choices.']);
    expect(f.fieldErrors('size')).toEqual(['Select a valid choice. m is not one of the available choices.']);
    expect(f.fieldErrors('birthday')).toEqual(['Enter a valid date.']);
    expect(f.fieldErrors('rating')).toEqual(['Enter a number.']);
    expect(f.fieldErrors('wait')).toEqual(['Enter a valid duration.']);
    expect(() => IntegerField().toPython('x')).toThrow(ValidationError);
    expect(() => IntegerField({ maxValue: 1 }).clean('5')).toThrow('Ensure this value is less than or equal to 1.');
    expect(() => ChoiceField({ choices: [['a', 'A']] }).clean('')).toThrow('This field is required.');
  });

  it('a project\'s subclass that builds on super.toPython() sees the throw, and a validator cleaning another field too', async () => {
    class Shout extends IntegerField.fieldClass {
      override toPython(value: unknown) {
        const n = super.toPython(value);
        return n === null ? null : n * 2;
      }
    }
    const inner = IntegerField();
    const seen: string[] = [];
    const Custom = form({
      n: new Shout({}),
      m: CharField({
        validators: [
          (value: string) => {
            try {
              void inner.clean(value);
            } catch (error) {
              seen.push((error as ValidationError).message);
              throw error;
            }
          },
        ],
      }),
    });
    const f = new Custom({ data: { n: 'x', m: 'y' } });
    expect(await f.isValid()).toBe(false);
    expect([...f.errors.n]).toEqual(['Enter a whole number.']);
    expect([...f.errors.m]).toEqual(['Enter a whole number.']);
    expect(seen).toEqual(['Enter a whole number.']);
    const ok = new Custom({ data: { n: '4', m: '5' } });
    expect(await ok.isValid()).toBe(true);
    expect(ok.cleanedData.n).toBe(8);
  });
});

describe('declared fields shared until a form changes its own', () => {
  const Shared = form({ title: CharField({ maxLength: 5 }), color: ChoiceField({ choices: [['r', 'Red']] }) });

  it('a change to one form\'s fields reaches neither the declaration nor another form', async () => {
    const a = new Shared();
    const b = new Shared();
    expect(a.get('title').toString()).toContain('maxlength="5"');
    a.fields.title.widget.attrs.placeholder = 'Title';
    (a.fields.color as ReturnType<typeof ChoiceField>).choices = [['g', 'Green']];
    // A bound field read before the change shows it after.
    expect(a.get('title').toString()).toContain('placeholder="Title"');
    expect(a.get('color').toString()).toContain('Green');
    expect(b.get('title').toString()).not.toContain('placeholder');
    expect(b.get('color').toString()).toContain('Red');
    expect(Shared.baseFields.title.widget.attrs.placeholder).toBeUndefined();
    const bound = new Shared({ data: { title: 'x', color: 'g' } });
    expect(await bound.isValid()).toBe(false);
    expect(new Shared().get('color').toString()).not.toContain('Green');
  });
});
