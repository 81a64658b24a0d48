// The storage backends run the one conformance suite; then what only one has (the
// file system's folder, modes and symlink guard), and the STORAGES setting.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { configure, resetSettings } from '../../src/conf/settings';
import { defaultStorage, FileSystemStorage, InMemoryStorage, storages, SuspiciousFileOperation } from '../../src/files';
import { storageConformance } from './storage-conformance';

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-storage-'));

beforeAll(() => configure({ MEDIA_URL: '/media/', MEDIA_ROOT: 'media' }));
afterAll(() => resetSettings());

storageConformance('FileSystemStorage', async () => {
  const dir = temp();
  return { storage: new FileSystemStorage({ location: dir, baseUrl: '/uploads/' }), baseUrl: '/uploads/', cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }) };
});

storageConformance('InMemoryStorage', async () => ({ storage: new InMemoryStorage({ baseUrl: 'https://cdn.example.com/m/' }), baseUrl: 'https://cdn.example.com/m/' }));

describe('FileSystemStorage', () => {
  it('writes files with FILE_UPLOAD_PERMISSIONS and makes the folders', async () => {
    const dir = temp();
    const storage = new FileSystemStorage({ location: dir });
    await storage.save('deep/er/f.txt', 'x');
    expect(fs.statSync(path.join(dir, 'deep/er/f.txt')).mode & 0o777).toBe(0o644);
    expect(storage.path('deep/er/f.txt')).toBe(path.join(dir, 'deep/er/f.txt'));
    fs.rmSync(dir, { recursive: true });
  });

  it('refuses a folder that is a symbolic link leading out of the storage', async () => {
    const dir = temp();
    const outside = temp();
    fs.symlinkSync(outside, path.join(dir, 'link'));
    const storage = new FileSystemStorage({ location: dir });
    await expect(storage.save('link/escape.txt', 'x')).rejects.toBeInstanceOf(SuspiciousFileOperation);
    expect(fs.readdirSync(outside)).toEqual([]);
    fs.rmSync(dir, { recursive: true });
    fs.rmSync(outside, { recursive: true });
  });

  it('does not read a file outside the storage through a symbolic link', async () => {
    const dir = temp();
    const outside = temp();
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    const storage = new FileSystemStorage({ location: dir });
    await expect(storage.read('link.txt')).rejects.toBeInstanceOf(SuspiciousFileOperation);
    fs.rmSync(dir, { recursive: true });
    fs.rmSync(outside, { recursive: true });
  });

  it('follows MEDIA_ROOT and MEDIA_URL from the settings when not given', () => {
    const storage = new FileSystemStorage();
    expect(storage.location).toBe(path.resolve(process.cwd(), 'media'));
    expect(storage.url('a.png')).toBe('/media/a.png');
  });

  it('without MEDIA_URL has no URLs, and says which setting to set', () => {
    expect(() => new FileSystemStorage({ location: '/tmp', baseUrl: null }).url('a.png')).toThrow(/set MEDIA_URL/);
  });
});

describe('STORAGES', () => {
  afterEach(() => configure({ MEDIA_URL: '/media/', MEDIA_ROOT: 'media' }));

  it('defaults as Django 4.2: a FileSystemStorage on MEDIA_ROOT, and the static files storage on STATIC_ROOT', () => {
    configure({ MEDIA_URL: '/media/', MEDIA_ROOT: 'media', STATIC_ROOT: 'staticfiles' });
    expect(storages.get('default')).toBeInstanceOf(FileSystemStorage);
    const statics = storages.get('staticfiles') as FileSystemStorage;
    expect(statics.location).toBe(path.resolve('staticfiles'));
    expect(statics.url('css/site.css')).toBe('/static/css/site.css');
    expect(storages.get('default')).toBe(storages.get('default'));
  });

  it('builds the backend and OPTIONS named, and defaultStorage follows a reconfiguration', async () => {
    configure({ STORAGES: { default: { BACKEND: 'hyperdjango.files.InMemoryStorage', OPTIONS: { baseUrl: '/m/' } } } });
    expect(storages.get('default')).toBeInstanceOf(InMemoryStorage);
    expect(await defaultStorage.save('x.txt', 'hi')).toBe('x.txt');
    expect(defaultStorage.url('x.txt')).toBe('/m/x.txt');
    expect(storages.aliases).toEqual(['default', 'staticfiles']);
    configure({ STORAGES: { default: { BACKEND: 'django.core.files.storage.InMemoryStorage' } } });
    expect(await defaultStorage.exists('x.txt')).toBe(false);
  });

  it('an unknown alias or backend is ImproperlyConfigured with a suggestion', () => {
    configure({ STORAGES: { default: { BACKEND: 'hyperdjango.files.FileSystemStorag' } } });
    expect(() => storages.get('default')).toThrow(/Did you mean 'hyperdjango.files.FileSystemStorage'/);
    expect(() => storages.get('defualt')).toThrow(expect.objectContaining({ code: 'HYPER_FILES_UNKNOWN_ALIAS', message: expect.stringMatching(/Did you mean 'default'/) }));
  });

  it('is validated when the settings load', () => {
    expect(() => configure({ STORAGES: { default: { BACKEND: 42 } } })).toThrow(/STORAGES/);
    expect(() => configure({ STORAGES: { default: { BACKEND: 'x', OPTION: {} } } })).toThrow(/STORAGES/);
    expect(() => configure({ MEDIA_ROOT: 5 })).toThrow(/MEDIA_ROOT/);
  });
});
