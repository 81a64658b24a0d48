import * as fs from 'node:fs';
import * as path from 'node:path';
import { frameworkRoot, frameworkVersion } from '../../src/core/framework-root';

test('frameworkRoot is the folder of the hyperdjango package.json', () => {
  const root = frameworkRoot();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string };
  expect(manifest.name).toBe('hyperdjango');
  // This test lives in <root>/test/core.
  expect(root).toBe(path.resolve(__dirname, '..', '..'));
  expect(frameworkRoot()).toBe(root);
});

test("frameworkVersion is the package.json's version", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(frameworkRoot(), 'package.json'), 'utf8')) as { version: string };
  expect(frameworkVersion()).toBe(manifest.version);
  expect(frameworkVersion()).toMatch(/^\d+\.\d+\.\d+/);
});
