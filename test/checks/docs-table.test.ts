// docs/checks.md lists every check id the framework can report: each id written as a
// string in src/ ('db.E001', 'auth.C009', ...) has a row in its table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/temp-project';

const ID = /'([a-z]+\.[DIWEC]\d{3})'/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

test('every check id in src/ is documented in docs/checks.md', () => {
  const documented = new Set([...fs.readFileSync(path.join(REPO_ROOT, 'docs', 'checks.md'), 'utf8').matchAll(/^\| `([a-z]+\.[DIWEC]\d{3})` \|/gm)].map((match) => match[1]));
  const used = new Set(sourceFiles(path.join(REPO_ROOT, 'src')).flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(ID)].map((match) => match[1])));
  expect(used.has('db.E001')).toBe(true);
  expect([...used].filter((id) => !documented.has(id)).sort()).toEqual([]);
});
