import * as path from 'node:path';
import { displayPath } from '../../src/core/display-path';

test('a path inside the working folder is shown relative to it', () => {
  expect(displayPath('/project/blog/models.ts', '/project')).toBe(path.join('blog', 'models.ts'));
});

test('a path outside the working folder stays absolute', () => {
  expect(displayPath('/elsewhere/settings.ts', '/project')).toBe('/elsewhere/settings.ts');
  expect(displayPath('/project-two/settings.ts', '/project')).toBe('/project-two/settings.ts');
  expect(displayPath('/settings.ts', '/project')).toBe('/settings.ts');
});

test('a folder whose name starts with two dots is still inside', () => {
  expect(displayPath('/project/..hidden/x.ts', '/project')).toBe(path.join('..hidden', 'x.ts'));
});

test('defaults to process.cwd()', () => {
  expect(displayPath(path.join(process.cwd(), 'a', 'b.ts'))).toBe(path.join('a', 'b.ts'));
});
