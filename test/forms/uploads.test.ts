// FileField bound from a real multipart request (request.form() and request.files
// through requestData()), through the test client: a file, an empty file, no file,
// a name too long; the form's enctype need is known from its widgets.
import { configure, resetSettings } from '../../src/conf/settings';
import { CharField, FileField, form, requestData, type UploadedFileLike } from '../../src/forms';
import { JsonResponse, type Request } from '../../src/http';
import { Client } from '../../src/test-client';
import { path, setUrlconf } from '../../src/urls';

class UploadForm extends form({ title: CharField({ maxLength: 20 }), doc: FileField({ maxLength: 12 }), extra: FileField({ required: false }) }) {}

async function upload(request: Request) {
  const f = new UploadForm(await requestData(request));
  if (!(await f.isValid())) return new JsonResponse({ errors: Object.fromEntries(Object.entries(f.errors).map(([k, v]) => [k, [...v]])) }, { status: 400 });
  const doc = f.cleanedData.doc as UploadedFileLike & { text(): Promise<string> };
  return new JsonResponse({ title: f.cleanedData.title, name: doc.name, size: doc.size, text: await doc.text(), extra: f.cleanedData.extra });
}

beforeAll(() => {
  resetSettings();
  configure({ ALLOWED_HOSTS: ['testserver'], SECRET_KEY: 'x' });
  setUrlconf([path('upload/', upload)]);
});
afterAll(() => {
  setUrlconf(null);
  resetSettings();
});

const client = () => new Client({ log: () => undefined });

it('cleans an uploaded file from request.files', async () => {
  const res = await client().post('/upload/', { title: 'Notes', doc: { filename: 'notes.txt', content: 'hello', contentType: 'text/plain' } });
  expect(res.json()).toEqual({ title: 'Notes', name: 'notes.txt', size: 5, text: 'hello', extra: null });
});

it('refuses an empty file, a missing one and a name too long, with Django\'s messages', async () => {
  const empty = await client().post('/upload/', { title: 'x', doc: { filename: 'a.txt', content: '' } });
  expect(empty.json()).toEqual({ errors: { doc: ['The submitted file is empty.'] } });
  const missing = await client().post('/upload/', { title: 'x' }, { contentType: 'multipart/form-data' });
  expect(missing.json()).toEqual({ errors: { doc: ['This field is required.'] } });
  const long = await client().post('/upload/', { title: 'x', doc: { filename: 'a-very-long-name.txt', content: 'x' } });
  expect(long.json()).toEqual({ errors: { doc: ['Ensure this filename has at most 12 characters (it has 20).'] } });
});

it('knows it needs multipart/form-data', () => {
  expect(new UploadForm().isMultipart()).toBe(true);
  expect(new (form({ a: CharField() }))().isMultipart()).toBe(false);
});
