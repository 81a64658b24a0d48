// A project's FileField and ImageField through bin/hyper.js: makemigrations writes
// them, migrate creates the columns (embedded PostgreSQL), and `hyper shell` saves a
// real PNG into MEDIA_ROOT, refuses a fake one, and keeps the file when the row goes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';
import { createProject, runHyper } from '../support/run-hyper';

let workspace: string;
let project: string;
const hyper = (...args: string[]) => runHyper(args, { cwd: project });

const MODELS = `import { CharField, FileField, ImageField, IntegerField, model } from 'hyperdjango/db';

export class Photo extends model({
  title: CharField({ maxLength: 100 }),
  image: ImageField({ uploadTo: 'photos/', widthField: 'width', heightField: 'height', blank: true }),
  width: IntegerField({ null: true }),
  height: IntegerField({ null: true }),
  source: FileField({ uploadTo: (photo: { title: string }, name: string) => \`sources/\${photo.title}/\${name}\`, blank: true, maxLength: 200 }),
}) {}
`;

// A 1x1 PNG, and text named like one.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SCRIPT = `
const photo = await Photo.objects.create({ title: 'first' });
await photo.image.save('red dot.png', Buffer.from('${PNG}', 'base64'));
await photo.source.save('notes.txt', 'hello');
const again = await Photo.objects.get({ pk: photo.pk });
console.log(JSON.stringify({ url: again.image.url, source: again.source.url, width: again.width, height: again.height, size: await again.image.size() }));
const fake = await Photo.objects.create({ title: 'fake' });
const error = await fake.image.save('cat.png', Buffer.from('<html>not an image</html>')).catch((e) => e);
console.log(JSON.stringify({ code: error.code, errors: error.errors }));
await again.delete();
console.log(JSON.stringify({ kept: await again.image.exists() }));
`;

beforeAll(() => {
  workspace = makeTempDir('hyper-e2e-files-');
  project = createProject(workspace, ['gallery']);
  const settings = path.join(project, 'settings.ts');
  fs.writeFileSync(settings, fs.readFileSync(settings, 'utf8').replace("STATIC_URL: '/static/',", "STATIC_URL: '/static/',\n  MEDIA_URL: '/media/',\n  MEDIA_ROOT: 'media',"));
  writeFiles(project, { 'gallery/models.ts': MODELS });
});
afterAll(() => removeDir(workspace));

test('makemigrations writes the fields, migrate applies them, and nothing is left to detect', () => {
  const made = hyper('makemigrations');
  expect(made).toMatchObject({ code: 0, stderr: '' });
  const migration = fs.readFileSync(path.join(project, 'gallery', 'migrations', '0001_initial.ts'), 'utf8');
  expect(migration).toContain("['image', fields.ImageField({ blank: true, heightField: 'height', uploadTo: 'photos/', widthField: 'width' })],");
  expect(migration).toContain("['source', fields.FileField({ blank: true, maxLength: 200 })],");
  expect(hyper('migrate')).toMatchObject({ code: 0 });
  expect(hyper('makemigrations')).toMatchObject({ code: 0, stdout: 'No changes detected\n' });
});

test('the shell saves a real PNG under MEDIA_ROOT, refuses a fake one, and deleting the row keeps the file', () => {
  const run = hyper('shell', '-c', SCRIPT);
  expect(run).toMatchObject({ code: 0 });
  const [saved, refused, deleted] = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(saved).toEqual({ url: '/media/photos/red_dot.png', source: '/media/sources/first/notes.txt', width: 1, height: 1, size: Buffer.from(PNG, 'base64').length });
  expect(refused).toEqual({ code: 'HYPER_FILES_INVALID_IMAGE', errors: { image: ['Upload a valid image. The file you uploaded was either not an image or a corrupted image.'] } });
  expect(deleted).toEqual({ kept: true });
  expect(fs.readFileSync(path.join(project, 'media', 'photos', 'red_dot.png')).equals(Buffer.from(PNG, 'base64'))).toBe(true);
  expect(fs.readFileSync(path.join(project, 'media', 'sources', 'first', 'notes.txt'), 'utf8')).toBe('hello');
  expect(fs.readdirSync(path.join(project, 'media', 'photos'))).toEqual(['red_dot.png']);
});
