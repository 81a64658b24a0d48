// ModelForm with a model's FileField and ImageField, on a real PostgreSQL server and on
// PGlite with a temporary MEDIA_ROOT: the form fields derived from them, an upload
// stored by the instance's save(), a fake image refused before anything is written,
// editing without a new upload keeping the file, the clear box emptying the field,
// and the current file's URL in the ClearableFileInput.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { FileField as FormFileField, ImageField as FormImageField, modelForm } from '../../src/forms';
import { UploadedFile } from '../../src/http';
import { CharField, connections, createTables, FileField, ImageField, IntegerField, model, type Manager } from '../../src/orm';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';
import { png, TEXT_AS_PNG } from '../files/images';

class Poster extends model(
  {
    title: CharField({ maxLength: 40 }),
    image: ImageField({ uploadTo: 'posters/', widthField: 'width', heightField: 'height' }),
    width: IntegerField({ null: true }),
    height: IntegerField({ null: true }),
    leaflet: FileField({ uploadTo: 'leaflets/', blank: true, maxLength: 60 }),
  },
  { appLabel: 'billboard' },
) {
  declare static objects: Manager<Poster>;
}

const PosterForm = modelForm(Poster, { fields: ['title', 'image', 'leaflet'] });

function upload(name: string, bytes: Buffer | string): UploadedFile {
  const file = new UploadedFile('x', name, 'application/octet-stream');
  file.buffer = Buffer.from(bytes);
  file.size = file.buffer.length;
  return file;
}

it('derives forms FileField and ImageField, with the column\'s length as maxLength and blank as not required', () => {
  const { image, leaflet } = PosterForm.baseFields;
  expect(image).toBeInstanceOf(FormImageField.fieldClass);
  expect(image.required).toBe(true);
  expect(leaflet).toBeInstanceOf(FormFileField.fieldClass);
  expect(leaflet).not.toBeInstanceOf(FormImageField.fieldClass);
  expect(leaflet.options).toMatchObject({ maxLength: 60, required: false });
});

describe.each(BACKENDS)('on %s', (kind) => {
  let db: TestDatabase;
  let media: string;
  const stored = () => (fs.existsSync(media) ? fs.readdirSync(media, { recursive: true }).map(String).filter((name) => name.includes('.')).sort() : []);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    media = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-form-media-'));
    resetSettings();
    configure({ DATABASES: { default: db.url }, SECRET_KEY: 'test', MEDIA_ROOT: media, MEDIA_URL: '/media/' });
    await createTables([Poster]);
  });
  beforeEach(async () => {
    await connections.get().execute({ sql: 'TRUNCATE "billboard_poster" RESTART IDENTITY', parameters: [] });
    fs.rmSync(media, { recursive: true, force: true });
    fs.mkdirSync(media);
  });
  afterAll(async () => {
    await connections.reset();
    await db.drop();
    resetSettings();
    fs.rmSync(media, { recursive: true, force: true });
  });

  async function created() {
    const f = new PosterForm({ data: { title: 'Fair' }, files: { image: upload('fair.png', png(4, 2)), leaflet: upload('fair.txt', 'programme') } });
    expect(await f.isValid()).toBe(true);
    return f.save();
  }

  it('stores the uploads through the storage when the instance is saved, with the image\'s dimensions', async () => {
    const poster = await created();
    const row = await Poster.objects.get({ pk: poster.pk });
    expect(row.image.name).toBe('posters/fair.png');
    expect(row.leaflet.name).toBe('leaflets/fair.txt');
    expect([row.width, row.height]).toEqual([4, 2]);
    expect(stored()).toEqual(['leaflets/fair.txt', 'posters/fair.png']);
    expect(fs.readFileSync(path.join(media, 'leaflets/fair.txt'), 'utf8')).toBe('programme');
  });

  it('refuses a file pretending to be a PNG before anything is stored or written', async () => {
    const f = new PosterForm({ data: { title: 'Fake' }, files: { image: upload('fake.png', TEXT_AS_PNG) } });
    expect(await f.isValid()).toBe(false);
    expect(f.fieldErrors('image')).toEqual(['Upload a valid image. The file you uploaded was either not an image or a corrupted image.']);
    await expect(f.save()).rejects.toMatchObject({ code: 'HYPER_FORM_SAVE_INVALID' });
    expect(await Poster.objects.count()).toBe(0);
    expect(stored()).toEqual([]);
  });

  it('keeps the files when the instance is edited without new uploads (a required image too)', async () => {
    const poster = await Poster.objects.get({ pk: (await created()).pk });
    const f = new PosterForm({ data: { title: 'Fair, again' }, files: {}, instance: poster });
    expect(await f.isValid()).toBe(true);
    expect(f.changedData).toEqual(['title']);
    await f.save();
    const row = await Poster.objects.get({ pk: poster.pk });
    expect([row.title, row.image.name, row.leaflet.name, row.width]).toEqual(['Fair, again', 'posters/fair.png', 'leaflets/fair.txt', 4]);
  });

  it('replaces a file with a new upload, leaving the old one in the storage', async () => {
    const poster = await Poster.objects.get({ pk: (await created()).pk });
    const f = new PosterForm({ data: { title: 'Fair' }, files: { image: upload('fair.png', png(6, 5)) }, instance: poster });
    expect(await f.isValid()).toBe(true);
    await f.save();
    const row = await Poster.objects.get({ pk: poster.pk });
    expect(row.image.name).not.toBe('posters/fair.png');
    expect(row.image.name).toMatch(/^posters\/fair_\w+\.png$/);
    expect([row.width, row.height]).toEqual([6, 5]);
    expect(stored()).toContain('posters/fair.png');
  });

  it('empties an optional file field when the clear box is checked (the file stays in the storage)', async () => {
    const poster = await Poster.objects.get({ pk: (await created()).pk });
    const f = new PosterForm({ data: { title: 'Fair', 'leaflet-clear': 'on' }, files: {}, instance: poster });
    expect(await f.isValid()).toBe(true);
    expect(f.cleanedData.leaflet).toBe(false);
    await f.save();
    const row = await Poster.objects.get({ pk: poster.pk });
    expect(row.leaflet.name).toBe('');
    expect(row.image.name).toBe('posters/fair.png');
    expect(stored()).toContain('leaflets/fair.txt');
  });

  it('refuses the clear box checked together with a new upload', async () => {
    const poster = await Poster.objects.get({ pk: (await created()).pk });
    const f = new PosterForm({ data: { title: 'Fair', 'leaflet-clear': 'on' }, files: { leaflet: upload('new.txt', 'x') }, instance: poster });
    expect(await f.isValid()).toBe(false);
    expect(f.fieldErrors('leaflet')).toEqual(['Please either submit a file or check the clear checkbox, not both.']);
  });

  it('shows the current file\'s URL, and a clear box only for an optional field', async () => {
    const poster = await Poster.objects.get({ pk: (await created()).pk });
    const f = new PosterForm({ instance: poster });
    expect(String(f.get('leaflet'))).toBe(
      'Currently: <a href="/media/leaflets/fair.txt">leaflets/fair.txt</a>\n' +
        '<input type="checkbox" name="leaflet-clear" id="leaflet-clear_id">\n' +
        '<label for="leaflet-clear_id">Clear</label><br>\n' +
        'Change:\n' +
        '<input type="file" name="leaflet" id="id_leaflet">',
    );
    const image = String(f.get('image'));
    expect(image).toContain('Currently: <a href="/media/posters/fair.png">posters/fair.png</a>');
    expect(image).not.toContain('image-clear');
    expect(image).not.toContain(' required');
    // A new instance has no file: a plain input, required for the image.
    expect(String(new PosterForm().get('image')).trim()).toBe('<input type="file" name="image" accept="image/*" required id="id_image">');
  });
});
