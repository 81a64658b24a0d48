// Forms ImageField: an upload is cleaned as FileField cleans it, then its bytes are
// read and refused unless they are an image (a text file named cat.png, a PNG
// signature followed by junk, an SVG); the cleaned file says what the bytes are.
// Held in memory, spilled to disk, and through a real multipart request.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { CharField, form, ImageField, requestData, type CleanedImage } from '../../src/forms';
import { JsonResponse, UploadedFile, type Request } from '../../src/http';
import { Client } from '../../src/test-client';
import { path as route, setUrlconf } from '../../src/urls';
import { GIF, png, SIGNATURE_THEN_JUNK, SVG, TEXT_AS_PNG } from '../files/images';

const INVALID = 'Upload a valid image. The file you uploaded was either not an image or a corrupted image.';

function inMemory(name: string, bytes: Buffer, contentType = 'image/png'): UploadedFile {
  const file = new UploadedFile('photo', name, contentType);
  file.buffer = bytes;
  file.size = bytes.length;
  return file;
}

class PhotoForm extends form({ title: CharField(), photo: ImageField() }) {}

async function errorsOf(file: UploadedFile) {
  const f = new PhotoForm({ data: { title: 't' }, files: { photo: file } });
  expect(await f.isValid()).toBe(false);
  return { errors: f.fieldErrors('photo') };
}

it('cleans a real PNG and says what it is: image dimensions and the content type read from the bytes', async () => {
  const f = new PhotoForm({ data: { title: 't' }, files: { photo: inMemory('cat.png', png(7, 3), 'application/octet-stream') } });
  expect(await f.isValid()).toBe(true);
  const photo: CleanedImage = f.cleanedData.photo;
  expect(photo.name).toBe('cat.png');
  expect(photo.image).toEqual({ width: 7, height: 3, type: 'png' });
  expect(photo.contentType).toBe('image/png');
  const gif = new PhotoForm({ data: { title: 't' }, files: { photo: inMemory('dot.gif', GIF) } });
  expect(await gif.isValid()).toBe(true);
  expect(gif.cleanedData.photo.contentType).toBe('image/gif');
});

it.each([
  ['a text file named cat.png', TEXT_AS_PNG],
  ['a PNG signature followed by junk', SIGNATURE_THEN_JUNK],
  ['an SVG (text that can carry scripts)', SVG],
])('refuses %s with Django\'s message', async (_what, bytes) => {
  const { errors } = await errorsOf(inMemory('cat.png', bytes));
  expect(errors).toEqual([INVALID]);
});

it('replaces the message by its code, invalid_image', async () => {
  const Custom = form({ photo: ImageField({ errorMessages: { invalid_image: 'Not a picture.' } }) });
  const f = new Custom({ data: {}, files: { photo: inMemory('x.png', TEXT_AS_PNG) } });
  expect(await f.isValid()).toBe(false);
  expect(f.fieldErrors('photo')).toEqual(['Not a picture.']);
});

it('reads an upload that was spilled to disk', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-image-'));
  try {
    const write = (name: string, bytes: Buffer) => {
      const file = new UploadedFile('photo', name, 'image/png');
      file.tempPath = path.join(dir, name);
      fs.writeFileSync(file.tempPath, bytes);
      file.size = bytes.length;
      return file;
    };
    const good = new PhotoForm({ data: { title: 't' }, files: { photo: write('big.png', png(40, 20)) } });
    expect(await good.isValid()).toBe(true);
    expect(good.cleanedData.photo.image).toEqual({ width: 40, height: 20, type: 'png' });
    expect((await errorsOf(write('fake.png', TEXT_AS_PNG))).errors).toEqual([INVALID]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('still cleans as FileField first: required, empty, optional', async () => {
  const missing = new PhotoForm({ data: { title: 't' }, files: {} });
  expect(await missing.isValid()).toBe(false);
  expect(missing.fieldErrors('photo')).toEqual(['This field is required.']);
  expect((await errorsOf(inMemory('e.png', Buffer.alloc(0)))).errors).toEqual(['The submitted file is empty.']);
  const Optional = form({ photo: ImageField({ required: false }) });
  const none = new Optional({ data: {}, files: {} });
  expect(await none.isValid()).toBe(true);
  expect(none.cleanedData.photo).toBeNull();
});

it('renders a file input that accepts images, as Django adds accept="image/*"', () => {
  expect(String(new PhotoForm().get('photo')).trim()).toBe('<input type="file" name="photo" accept="image/*" required id="id_photo">');
});

describe('through a real multipart request', () => {
  async function upload(request: Request) {
    const f = new PhotoForm(await requestData(request));
    if (!(await f.isValid())) return new JsonResponse({ errors: f.fieldErrors('photo') }, { status: 400 });
    const { name, size, image, contentType } = f.cleanedData.photo;
    return new JsonResponse({ name, size, image, contentType });
  }
  beforeAll(() => {
    resetSettings();
    configure({ ALLOWED_HOSTS: ['testserver'], SECRET_KEY: 'x' });
    setUrlconf([route('photo/', upload)]);
  });
  afterAll(() => {
    setUrlconf(null);
    resetSettings();
  });
  const client = () => new Client({ log: () => undefined });

  it('takes a real PNG', async () => {
    const bytes = png(5, 9);
    const res = await client().post('/photo/', { title: 't', photo: { filename: 'me.png', content: bytes, contentType: 'image/png' } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ name: 'me.png', size: bytes.length, image: { width: 5, height: 9, type: 'png' }, contentType: 'image/png' });
  });

  it('refuses a file pretending to be a PNG with a 400 and the message', async () => {
    const res = await client().post('/photo/', { title: 't', photo: { filename: 'me.png', content: TEXT_AS_PNG, contentType: 'image/png' } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ errors: [INVALID] });
  });
});
