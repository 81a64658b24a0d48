// FileField and ImageField on a real PostgreSQL server and on PGlite: the name in a varchar column,
// a FieldFile on the instance (`photo.image.url`), images checked from their bytes,
// files never deleted with their row, traversal names refused, and migrations that
// rebuild and write the fields.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { configure, resetSettings } from '../../src/conf/settings';
import { FileSystemStorage, InMemoryStorage, SuspiciousFileOperation } from '../../src/files';
import { CharField, connections, createTables, FieldFile, FileField, ImageField, IntegerField, model, ValidationError, type Manager } from '../../src/orm';
import { fieldFromSpec, specOf, writeMigration } from '../../src/orm/migrations';
import { CreateModel } from '../../src/orm/migrations/operations';
import { FixtureLoader, serializeQuerySet } from '../../src/orm/serializers';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../support/test-databases';
import * as f from '../../src/orm/fields';
import { detectChanges, compareSpecs } from '../../src/orm/migrations';
import { answering, describeAll, model as modelState, state } from '../migrations/autodetector-support';
import { png, TEXT_AS_PNG, SIGNATURE_THEN_JUNK } from './images';

// Made anew for each backend's suite; the field reads it on each use.
let memory = new InMemoryStorage({ baseUrl: '/m/' });

class Photo extends model(
  {
    title: CharField({ maxLength: 50 }),
    image: ImageField({ uploadTo: 'photos/%Y/', widthField: 'width', heightField: 'height', blank: true }),
    width: IntegerField({ null: true }),
    height: IntegerField({ null: true }),
    attachment: FileField({ uploadTo: (instance: { title: string }, filename: string) => `by-title/${instance.title}/${filename}`, storage: () => memory, blank: true, maxLength: 60 }),
  },
  { appLabel: 'gallery' },
) {
  declare static objects: Manager<Photo>;
}

describe.each(BACKENDS)('on %s', (kind) => {
  let db: TestDatabase;
  let media: string;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    memory = new InMemoryStorage({ baseUrl: '/m/' });
    media = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-media-'));
    resetSettings();
    configure({ DATABASES: { default: db.url }, SECRET_KEY: 'test', MEDIA_ROOT: media, MEDIA_URL: '/media/' });
    await createTables([Photo]);
  });
  afterAll(async () => {
    await connections.reset();
    await db.drop();
    fs.rmSync(media, { recursive: true, force: true });
    resetSettings();
  });

  it('stores the name in a varchar(100) column (maxLength changes it) and starts empty', async () => {
    const { rows } = await connections.get().execute({ sql: "SELECT column_name, character_maximum_length AS n FROM information_schema.columns WHERE table_name = 'gallery_photo' AND column_name IN ('image', 'attachment') ORDER BY 1", parameters: [] });
    expect(rows).toEqual([{ column_name: 'attachment', n: 60 }, { column_name: 'image', n: 100 }]);
    const photo = await Photo.objects.create({ title: 'empty' });
    expect(photo.image).toBeInstanceOf(FieldFile);
    expect(photo.image.hasFile).toBe(false);
    expect(() => photo.image.url).toThrow(expect.objectContaining({ code: 'HYPER_FILES_NO_FILE', message: "The 'image' attribute has no file associated with it." }));
    const again = await Photo.objects.get({ pk: photo.pk });
    expect(again.image.name).toBe('');
  });

  it('saves a real PNG through the default storage: name, URL, size, dimensions, all kept in the row', async () => {
    const photo = await Photo.objects.create({ title: 'red' });
    await photo.image.save('red dot.png', png(3, 2));
    expect(photo.image.name).toBe(`photos/${year}/red_dot.png`);
    expect([photo.width, photo.height]).toEqual([3, 2]);
    const loaded = await Photo.objects.get({ pk: photo.pk });
    expect(loaded.image.url).toBe(`/media/photos/${year}/red_dot.png`);
    expect(await loaded.image.size()).toBe(png(3, 2).length);
    expect((await loaded.image.read()).equals(png(3, 2))).toBe(true);
    expect([loaded.width, loaded.height]).toEqual([3, 2]);
    expect(fs.existsSync(path.join(media, `photos/${year}/red_dot.png`))).toBe(true);
    // Queries and values() see the name itself; JSON holds the name.
    expect(await Photo.objects.filter({ image: `photos/${year}/red_dot.png` }).count()).toBe(1);
    expect(await Photo.objects.filter({ pk: photo.pk }).valuesList('image', { flat: true })).toEqual([`photos/${year}/red_dot.png`]);
    expect(JSON.parse(JSON.stringify(loaded))).toMatchObject({ image: `photos/${year}/red_dot.png`, width: 3 });
  });

  it('a second upload of the same name gets a unique name; the first file stays', async () => {
    const a = await Photo.objects.create({ title: 'a' });
    const b = await Photo.objects.create({ title: 'b' });
    await a.image.save('same.png', png(1, 1));
    await b.image.save('same.png', png(2, 2));
    expect(b.image.name).toMatch(new RegExp(`^photos/${year}/same_[A-Za-z0-9]{7}\\.png$`));
    expect(await a.image.exists()).toBe(true);
  });

  it.each([
    ['text named cat.png', TEXT_AS_PNG],
    ['a PNG signature followed by junk', SIGNATURE_THEN_JUNK],
  ])('refuses %s with a ValidationError naming the field: nothing stored, the row unchanged', async (_, bytes) => {
    const photo = await Photo.objects.create({ title: 'fake' });
    const before = fs.existsSync(path.join(media, `photos/${year}`)) ? fs.readdirSync(path.join(media, `photos/${year}`)).length : 0;
    const error = await photo.image.save('cat.png', bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'HYPER_FILES_INVALID_IMAGE', errors: { image: ['Upload a valid image. The file you uploaded was either not an image or a corrupted image.'] } });
    const after = fs.existsSync(path.join(media, `photos/${year}`)) ? fs.readdirSync(path.join(media, `photos/${year}`)).length : 0;
    expect(after).toBe(before);
    expect((await Photo.objects.get({ pk: photo.pk })).image.name).toBe('');
  });

  it('refuses an image whose name has no image extension', async () => {
    const photo = await Photo.objects.create({ title: 'ext' });
    await expect(photo.image.save('cat.html', png(1, 1))).rejects.toMatchObject({ code: 'HYPER_FILES_INVALID_IMAGE', errors: { image: [expect.stringContaining('File extension “html” is not allowed')] } });
  });

  it.each(['../../etc/passwd.png', '/etc/cron.d/x.png', 'a\\..\\b.png', 'nul\0.png'])('refuses the traversal name %j before touching the storage', async (bad) => {
    const photo = await Photo.objects.create({ title: 'traversal' });
    await expect(photo.image.save(bad, png(1, 1))).rejects.toBeInstanceOf(SuspiciousFileOperation);
    expect(fs.existsSync(path.join(path.dirname(media), 'etc'))).toBe(false);
  });

  it('deleting the row leaves the file (as Django); FieldFile.delete() removes it and saves the cleared name', async () => {
    const photo = await Photo.objects.create({ title: 'kept' });
    await photo.image.save('kept.png', png(1, 1));
    const name = photo.image.name!;
    await photo.delete();
    expect(await new FileSystemStorage().exists(name)).toBe(true);
    const other = await Photo.objects.create({ title: 'removed' });
    await other.image.save('removed.png', png(4, 4));
    const stored = other.image.name!;
    await other.image.delete();
    expect(await new FileSystemStorage().exists(stored)).toBe(false);
    const loaded = await Photo.objects.get({ pk: other.pk });
    expect([loaded.image.name, loaded.width, loaded.height]).toEqual(['', null, null]);
  });

  it('replacing a file does not delete the old one', async () => {
    const photo = await Photo.objects.create({ title: 'replace' });
    await photo.image.save('first.png', png(1, 1));
    const first = photo.image.name!;
    await photo.image.save('second.png', png(1, 1));
    expect(await new FileSystemStorage().exists(first)).toBe(true);
  });

  it('a FileField with its own storage and an uploadTo function; save: false leaves the row alone', async () => {
    const photo = await Photo.objects.create({ title: 'doc' });
    await photo.attachment.save('notes.txt', 'hello', { save: false });
    expect(photo.attachment.name).toBe('by-title/doc/notes.txt');
    expect(photo.attachment.url).toBe('/m/by-title/doc/notes.txt');
    expect((await memory.read('by-title/doc/notes.txt')).toString()).toBe('hello');
    expect((await Photo.objects.get({ pk: photo.pk })).attachment.name).toBe('');
    await photo.save();
    expect((await Photo.objects.get({ pk: photo.pk })).attachment.name).toBe('by-title/doc/notes.txt');
  });

  it('an upload assigned to the attribute is stored by save(), before the row is written (Django\'s uncommitted file)', async () => {
    const upload = { name: 'assigned.png', stream: () => Readable.from([png(2, 3)]) };
    const photo = new Photo({ title: 'assigned' });
    (photo as unknown as { image: unknown }).image = upload;
    expect(photo.image.pending).toBe(upload);
    await photo.save();
    expect(photo.image.pending).toBeNull();
    const loaded = await Photo.objects.get({ pk: photo.pk });
    expect([loaded.image.name, loaded.width, loaded.height]).toEqual([`photos/${year}/assigned.png`, 2, 3]);
    expect((await loaded.image.read()).equals(png(2, 3))).toBe(true);
  });

  it('an assigned fake image stops save(): no row, no file; bulkCreate() refuses an unstored upload', async () => {
    const before = await Photo.objects.count();
    const photo = new Photo({ title: 'fake-assigned' });
    (photo as unknown as { image: unknown }).image = { name: 'fake.png', stream: () => Readable.from([TEXT_AS_PNG]) };
    await expect(photo.save()).rejects.toMatchObject({ code: 'HYPER_FILES_INVALID_IMAGE' });
    expect(await Photo.objects.count()).toBe(before);
    const bulk = new Photo({ title: 'bulk' });
    (bulk as unknown as { image: unknown }).image = { name: 'bulk.png', stream: () => Readable.from([png(1, 1)]) };
    await expect(Photo.objects.bulkCreate([bulk])).rejects.toMatchObject({ code: 'HYPER_FILES_UNCOMMITTED' });
    expect(await Photo.objects.count()).toBe(before);
  });

  it('dumps as its name and loads back (the fixture format of dumpdata and loaddata)', async () => {
    const photo = await Photo.objects.create({ title: 'fixture' });
    await photo.attachment.save('f.txt', 'x');
    const texts: string[] = [];
    for await (const batch of serializeQuerySet(Photo.objects.filter({ pk: photo.pk }) as never)) texts.push(...batch);
    const objects = texts.map((text) => JSON.parse(text) as { fields: Record<string, unknown> });
    expect(objects[0].fields).toMatchObject({ attachment: 'by-title/fixture/f.txt', image: '' });
    await Photo.objects.filter({ pk: photo.pk }).delete();
    const loader = new FixtureLoader();
    await loader.add('inline', objects.map((value, index) => ({ value, index })));
    await loader.finish();
    expect((await Photo.objects.get({ pk: photo.pk })).attachment.url).toBe('/m/by-title/fixture/f.txt');
  });

  it('a name can be assigned as text, and fullClean checks its length', async () => {
    const photo = new Photo({ title: 'assigned' });
    (photo as unknown as { attachment: string }).attachment = 'x'.repeat(61);
    await expect(photo.fullClean()).rejects.toMatchObject({ errors: { attachment: ['Ensure this file name has at most 60 characters (it has 61).'] } });
    (photo as unknown as { attachment: string }).attachment = 'elsewhere/a.txt';
    expect(photo.attachment.name).toBe('elsewhere/a.txt');
    await photo.save();
    expect((await Photo.objects.get({ pk: photo.pk })).attachment.name).toBe('elsewhere/a.txt');
  });
});

describe('migrations', () => {
  it('write the fields with their column options only (no storage object, no function) and rebuild them', () => {
    const fields = Photo._meta.concreteFields.filter((field) => field.name === 'image' || field.name === 'attachment');
    const [image, attachment] = fields.map(specOf);
    expect(image).toEqual({ type: 'ImageField', options: { blank: true, heightField: 'height', uploadTo: 'photos/%Y/', widthField: 'width' } });
    expect(attachment).toEqual({ type: 'FileField', options: { blank: true, maxLength: 60 } });
    expect(fields[1].deconstruct()).toEqual(attachment);
    const rebuilt = fieldFromSpec(image, () => {
      throw new Error('no relations here');
    });
    expect(rebuilt.typeName).toBe('ImageField');
    expect(rebuilt.dbType).toBe('varchar(100)');
    const text = writeMigration({ initial: true, dependencies: [], operations: [CreateModel({ name: 'Photo', fields: [['id', { type: 'BigAutoField', options: { primaryKey: true } }], ['image', image], ['attachment', attachment]] })] });
    expect(text).toContain("['image', fields.ImageField({ blank: true, heightField: 'height', uploadTo: 'photos/%Y/', widthField: 'width' })]");
    expect(text).toContain("['attachment', fields.FileField({ blank: true, maxLength: 60 })]");
  });

  it('makemigrations detects them: a new model, a new field (a one-off default asked, as for a CharField), an uploadTo change with no SQL', async () => {
    const before = modelState('gallery', 'Doc', { title: f.CharField({ maxLength: 50 }) });
    const created = await detectChanges(state(), state(before), answering());
    expect(describeAll(created.byApp.get('gallery'))).toEqual(['Create model Doc']);
    const questioner = answering({ default: '' });
    const added = await detectChanges(state(before), state(modelState('gallery', 'Doc', { title: f.CharField({ maxLength: 50 }), scan: f.FileField({ uploadTo: 'scans/', blank: true }) })), questioner);
    expect(describeAll(added.byApp.get('gallery'))).toEqual(['Add field scan to doc', 'Alter field scan on doc']);
    expect(questioner.asked).toEqual(['default gallery.Doc.scan']);
    expect(compareSpecs(specOf(f.FileField({ uploadTo: 'a/' })), specOf(f.FileField({ uploadTo: 'b/' })))).toEqual({ changed: true, schema: false });
    expect(compareSpecs(specOf(f.FileField()), specOf(f.FileField({ maxLength: 200 })))).toEqual({ changed: true, schema: true });
  });
});
