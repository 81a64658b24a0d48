// One suite every file storage passes, as the two HTTP adapters share one: what
// FileField, views and defaultStorage rely on, whatever keeps the bytes. A backend's
// test file calls storageConformance() with a factory of fresh, empty storages.
import { Readable } from 'node:stream';
import type { FileStorage } from '../../src/files';
import { StorageError, StoredFileNotFound, SuspiciousFileOperation } from '../../src/files';

export interface ConformanceSubject {
  storage: FileStorage;
  /** The URL prefix the storage was given. */
  baseUrl: string;
  cleanup?: () => Promise<void>;
}

const TRAVERSALS = ['../escape.txt', 'a/../../escape.txt', '/etc/passwd', 'a\\..\\b.txt', 'nul\0.txt', 'C:/windows/x.txt', '', 'a/..', './', 'bell\x07.txt'];

export function storageConformance(name: string, make: () => Promise<ConformanceSubject>): void {
  describe(`${name} (the storage conformance suite)`, () => {
    let subject: ConformanceSubject;
    let storage: FileStorage;
    beforeEach(async () => {
      subject = await make();
      storage = subject.storage;
    });
    afterEach(async () => subject.cleanup?.());

    it('saves a Buffer, a string, a stream and an uploaded-file-like object, and reads each back', async () => {
      expect(await storage.save('a/buffer.bin', Buffer.from([0, 1, 2, 255]))).toBe('a/buffer.bin');
      expect(await storage.save('text.txt', 'héllo')).toBe('text.txt');
      expect(await storage.save('streamed.txt', Readable.from([Buffer.from('one '), Buffer.from('two')]))).toBe('streamed.txt');
      expect(await storage.save('upload.txt', { stream: () => Readable.from([Buffer.from('uploaded')]) })).toBe('upload.txt');
      expect([...(await storage.read('a/buffer.bin'))]).toEqual([0, 1, 2, 255]);
      expect((await storage.read('text.txt')).toString('utf8')).toBe('héllo');
      const chunks: Buffer[] = [];
      for await (const chunk of await storage.open('streamed.txt')) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('one two');
      expect((await storage.read('upload.txt')).toString()).toBe('uploaded');
    });

    it('answers exists and size, and deletes (a missing name is no error)', async () => {
      expect(await storage.exists('f.txt')).toBe(false);
      await storage.save('f.txt', '12345');
      expect(await storage.exists('f.txt')).toBe(true);
      expect(await storage.size('f.txt')).toBe(5);
      await storage.delete('f.txt');
      expect(await storage.exists('f.txt')).toBe(false);
      await expect(storage.delete('f.txt')).resolves.toBeUndefined();
    });

    it('lists a folder: its subfolders and files, sorted; nothing for a folder that is not there', async () => {
      await storage.save('gallery/b.png', 'b');
      await storage.save('gallery/a.png', 'a');
      await storage.save('gallery/2026/c.png', 'c');
      await storage.save('top.txt', 't');
      expect(await storage.listdir('gallery')).toEqual({ dirs: ['2026'], files: ['a.png', 'b.png'] });
      expect(await storage.listdir()).toEqual({ dirs: ['gallery'], files: ['top.txt'] });
      expect(await storage.listdir('nowhere')).toEqual({ dirs: [], files: [] });
      await expect(storage.listdir('../')).rejects.toBeInstanceOf(SuspiciousFileOperation);
    });

    it('gives the time a file was written', async () => {
      const before = Date.now() - 2000;
      await storage.save('dated.txt', 'x');
      const when = await storage.modifiedTime('dated.txt');
      expect(when.getTime()).toBeGreaterThanOrEqual(before);
      expect(when.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
      await expect(storage.modifiedTime('missing.txt')).rejects.toBeInstanceOf(StoredFileNotFound);
    });

    it('open and size of a missing name throw StoredFileNotFound', async () => {
      await expect(storage.open('missing.txt')).rejects.toBeInstanceOf(StoredFileNotFound);
      await expect(storage.size('missing.txt')).rejects.toMatchObject({ code: 'HYPER_FILES_NOT_FOUND' });
    });

    it('never overwrites: a taken name gets a unique one with the extensions kept', async () => {
      const first = await storage.save('docs/report.tar.gz', 'first');
      const second = await storage.save('docs/report.tar.gz', 'second');
      expect(first).toBe('docs/report.tar.gz');
      expect(second).toMatch(/^docs\/report_[A-Za-z0-9]{7}\.tar\.gz$/);
      expect((await storage.read(first)).toString()).toBe('first');
      expect((await storage.read(second)).toString()).toBe('second');
    });

    it('concurrent saves of one name all land under distinct names', async () => {
      const names = await Promise.all(Array.from({ length: 8 }, (_, i) => storage.save('race.txt', `v${i}`)));
      expect(new Set(names).size).toBe(8);
      const contents = await Promise.all(names.map(async (n) => (await storage.read(n)).toString()));
      expect(contents.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `v${i}`).sort());
    });

    it('keeps unique names within maxLength, and says so when it cannot', async () => {
      await storage.save('avatars/very-long-file-name.png', 'x');
      // Shortened to fit first (as Django), then made unique within the limit.
      expect(await storage.save('avatars/very-long-file-name.png', 'y', { maxLength: 30 })).toBe('avatars/very-long-file-nam.png');
      const name = await storage.save('avatars/very-long-file-name.png', 'z', { maxLength: 30 });
      expect(name.length).toBe(30);
      expect(name).toMatch(/^avatars\/very-long-_[A-Za-z0-9]{7}\.png$/);
      await expect(storage.getAvailableName('a-very-long-folder-name/x.png', 10)).rejects.toMatchObject({ code: 'HYPER_FILES_NAME_TOO_LONG' });
      await expect(storage.getAvailableName('a-very-long-folder-name/x.png', 10)).rejects.toBeInstanceOf(StorageError);
    });

    it.each(TRAVERSALS)('refuses the name %j in every method, touching nothing', async (bad) => {
      await expect(storage.save(bad, 'x')).rejects.toBeInstanceOf(SuspiciousFileOperation);
      await expect(storage.open(bad)).rejects.toBeInstanceOf(SuspiciousFileOperation);
      await expect(storage.exists(bad)).rejects.toBeInstanceOf(SuspiciousFileOperation);
      await expect(storage.delete(bad)).rejects.toBeInstanceOf(SuspiciousFileOperation);
      await expect(storage.size(bad)).rejects.toBeInstanceOf(SuspiciousFileOperation);
      expect(() => storage.url(bad)).toThrow(SuspiciousFileOperation);
    });

    it('a refused name is a 400-class error with a one-line message', async () => {
      const error = await storage.save('../../etc/passwd', 'x').catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, code: 'HYPER_FILES_SUSPICIOUS_NAME' });
      expect((error as Error).message).not.toContain('\n');
    });

    it('gives URLs under its base URL, each segment percent-encoded', () => {
      expect(storage.url('photos/a b#1.png')).toBe(`${subject.baseUrl}photos/a%20b%231.png`);
      expect(storage.url('x@y+z.txt')).toBe(`${subject.baseUrl}x@y+z.txt`);
    });

    it('generateFilename keeps folders and makes the file name valid; getValidName is Django\'s get_valid_filename', () => {
      expect(storage.getValidName(" john's portrait in 2004.jpg")).toBe('johns_portrait_in_2004.jpg');
      expect(storage.generateFilename('uploads/2026/my photo!.png')).toBe('uploads/2026/my_photo.png');
      expect(() => storage.generateFilename('uploads/../x.png')).toThrow(SuspiciousFileOperation);
      expect(() => storage.getValidName('???')).toThrow(SuspiciousFileOperation);
    });

    it('a failing content stream leaves no file behind', async () => {
      const failing = new Readable({
        read() {
          this.push(Buffer.from('partial'));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(storage.save('broken.txt', failing)).rejects.toThrow('client went away');
      expect(await storage.exists('broken.txt')).toBe(false);
    });

    it('refuses content that is not bytes, text or a stream', async () => {
      await expect(storage.save('n.txt', 42 as never)).rejects.toMatchObject({ code: 'HYPER_FILES_BAD_CONTENT' });
    });
  });
}
