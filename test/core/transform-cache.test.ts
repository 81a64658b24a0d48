import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TransformCache } from '../../src/core/ts-loader/transform-cache';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyper-transform-cache-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('TransformCache', () => {
  test('the key changes with the file, its contents and the compiler version', () => {
    const cache = new TransformCache(dir);
    const key = cache.key('/p/a.ts', 'source', '1:0.28.0');
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(cache.key('/p/a.ts', 'source', '1:0.28.0')).toBe(key);
    expect(cache.key('/p/b.ts', 'source', '1:0.28.0')).not.toBe(key);
    expect(cache.key('/p/a.ts', 'source!', '1:0.28.0')).not.toBe(key);
    expect(cache.key('/p/a.ts', 'source', '2:0.28.0')).not.toBe(key);
    // The parts cannot run into each other.
    expect(cache.key('/p/a', '.tssource', '1')).not.toBe(cache.key('/p/a.ts', 'source', '1'));
  });

  test('set then get; an unknown key is undefined', () => {
    const cache = new TransformCache(path.join(dir, 'nested', 'deeper'));
    expect(cache.get('0'.repeat(40))).toBeUndefined();
    cache.set('a'.repeat(40), 'exports.x = 1;');
    expect(cache.get('a'.repeat(40))).toBe('exports.x = 1;');
    cache.set('a'.repeat(40), 'exports.x = 2;');
    expect(cache.get('a'.repeat(40))).toBe('exports.x = 2;');
  });

  test('leaves no temporary files behind', () => {
    const cacheDir = path.join(dir, 'tidy');
    const cache = new TransformCache(cacheDir);
    cache.set('b'.repeat(40), 'code');
    expect(fs.readdirSync(cacheDir)).toEqual([`${'b'.repeat(40)}.js`]);
  });

  test('an unwritable folder is silently skipped', () => {
    const blocker = path.join(dir, 'file-not-folder');
    fs.writeFileSync(blocker, '');
    const cache = new TransformCache(path.join(blocker, 'cache'));
    expect(() => cache.set('c'.repeat(40), 'code')).not.toThrow();
    expect(cache.get('c'.repeat(40))).toBeUndefined();
  });
});
