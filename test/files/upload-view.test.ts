// Uploads through the test client and a real PostgreSQL server: a view stores a
// multipart upload in an ImageField; a file pretending to be a PNG is answered 400
// with the field's message, nothing stored; a client's traversal name passed to a
// storage is a 400 with no details, DEBUG off.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { defaultStorage } from '../../src/files';
import { HttpResponse, JsonResponse, type Request } from '../../src/http';
import { CharField, connections, createTables, ImageField, IntegerField, model, ValidationError, type Manager } from '../../src/orm';
import { Client } from '../../src/test-client';
import { path as route, setUrlconf } from '../../src/urls';
import { createTestDatabase, type TestDatabase } from '../support/test-databases';
import { png, TEXT_AS_PNG } from './images';

class Avatar extends model(
  {
    owner: CharField({ maxLength: 50 }),
    picture: ImageField({ uploadTo: 'avatars/', widthField: 'width', heightField: 'height', blank: true }),
    width: IntegerField({ null: true }),
    height: IntegerField({ null: true }),
  },
  { appLabel: 'profiles' },
) {
  declare static objects: Manager<Avatar>;
}

async function upload(request: Request): Promise<HttpResponse> {
  const file = (await request.files()).get('picture');
  if (!file) return new HttpResponse('No file.', { status: 400 });
  const avatar = await Avatar.objects.create({ owner: String((await request.form()).get('owner')) });
  try {
    await avatar.picture.save(file.name, file);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    await avatar.delete();
    return new JsonResponse(error.errors, { status: 400 });
  }
  return new JsonResponse({ url: avatar.picture.url, width: avatar.width, height: avatar.height });
}

let db: TestDatabase;
let media: string;
const client = () => new Client({ log: () => undefined });

beforeAll(async () => {
  db = await createTestDatabase('postgres');
  media = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-uploads-'));
  resetSettings();
  configure({ DEBUG: false, DATABASES: { default: db.url }, SECRET_KEY: 'test', ALLOWED_HOSTS: ['testserver'], MEDIA_ROOT: media, MEDIA_URL: '/media/' });
  await createTables([Avatar]);
  setUrlconf([
    route('upload/', upload),
    route('raw/', async (request: Request) => new HttpResponse(await defaultStorage.save(String(request.query.get('name')), 'x'))),
  ]);
});
afterAll(async () => {
  setUrlconf(null);
  await connections.reset();
  await db.drop();
  fs.rmSync(media, { recursive: true, force: true });
  resetSettings();
});

it('stores an uploaded PNG with its dimensions', async () => {
  const response = await client().post('/upload/', { owner: 'ann', picture: { filename: 'me at the beach.png', content: png(5, 3), contentType: 'image/png' } });
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ url: '/media/avatars/me_at_the_beach.png', width: 5, height: 3 });
  expect(fs.readFileSync(path.join(media, 'avatars', 'me_at_the_beach.png')).equals(png(5, 3))).toBe(true);
});

it('answers 400 with the field message for a file pretending to be a PNG, and stores nothing', async () => {
  const response = await client().post('/upload/', { owner: 'bob', picture: { filename: 'cat.png', content: TEXT_AS_PNG, contentType: 'image/png' } });
  expect(response.status).toBe(400);
  expect(response.json()).toEqual({ picture: ['Upload a valid image. The file you uploaded was either not an image or a corrupted image.'] });
  expect(fs.existsSync(path.join(media, 'avatars', 'cat.png'))).toBe(false);
  expect(await Avatar.objects.filter({ owner: 'bob' }).count()).toBe(0);
});

it('a client-sent file name with folders is reduced to its last part', async () => {
  const response = await client().post('/upload/', { owner: 'eve', picture: { filename: '../../../etc/evil.png', content: png(1, 1), contentType: 'image/png' } });
  expect(response.json()).toMatchObject({ url: '/media/avatars/evil.png' });
  expect(fs.existsSync(path.join(media, '..', 'etc'))).toBe(false);
});

it.each(['../outside.txt', '/etc/passwd', 'a\\b.txt'])('a traversal name %j given to a storage is a 400 with no details (DEBUG off)', async (name) => {
  const response = await client().get('/raw/', { query: { name } });
  expect(response.status).toBe(400);
  expect(response.text).not.toMatch(/SuspiciousFileOperation|\.\.|passwd|at .*\.ts/);
  expect(fs.readdirSync(path.dirname(media)).includes('outside.txt')).toBe(false);
});
