import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandError } from '../../src/management/errors';
import { validateNewName } from '../../src/management/new-name';
import { planScaffold, renderTemplate, writeScaffold } from '../../src/management/scaffold';
import { makeTempDir, removeDir, writeFiles } from '../support/temp-project';

describe('scaffolds', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
    writeFiles(path.join(dir, 'tpl'), {
      'settings.ts.tpl': "export const NAME = '{{ app_name }}';\n",
      'dot.gitignore.tpl': 'node_modules/\n',
      'templates/__app_name__/dot.gitkeep': '',
      'logo.png': '\u0089PNG {{ app_name }} stays as is',
    });
  });
  afterEach(() => removeDir(dir));

  it('fills placeholders, renames dot. files and __name__ folders, copies other files as they are', () => {
    const target = path.join(dir, 'out');
    const files = planScaffold(path.join(dir, 'tpl'), target, { app_name: 'blog' });
    writeScaffold(files, { app_name: 'blog' });
    expect(fs.readFileSync(path.join(target, 'settings.ts'), 'utf8')).toBe("export const NAME = 'blog';\n");
    expect(fs.existsSync(path.join(target, '.gitignore'))).toBe(true);
    expect(fs.existsSync(path.join(target, 'templates', 'blog', '.gitkeep'))).toBe(true);
    expect(fs.readFileSync(path.join(target, 'logo.png'), 'utf8')).toContain('{{ app_name }}');
  });

  it('writes nothing when any target file exists', () => {
    const target = path.join(dir, 'out');
    writeFiles(target, { 'templates/blog/.gitkeep': 'mine' });
    const files = planScaffold(path.join(dir, 'tpl'), target, { app_name: 'blog' });
    expect(() => writeScaffold(files, { app_name: 'blog' })).toThrow(/templates\/blog\/\.gitkeep already exists; nothing was written/);
    expect(fs.existsSync(path.join(target, 'settings.ts'))).toBe(false);
    expect(fs.readFileSync(path.join(target, 'templates', 'blog', '.gitkeep'), 'utf8')).toBe('mine');
  });

  it('names a placeholder the context lacks', () => {
    expect(() => renderTemplate('{{ nope }}', { app_name: 'x' }, 'a.tpl')).toThrow(/uses \{\{ nope \}\}, which this scaffold does not provide/);
  });
});

describe('validateNewName', () => {
  it('accepts identifiers', () => {
    expect(() => validateNewName('blog_posts', 'app', process.cwd())).not.toThrow();
  });

  it.each([
    ['my-site', /not a valid project name/],
    ['1site', /not a valid project name/],
    ['http', /conflicts with the name of an existing module/],
    ['commander', /conflicts with the name of an existing module/],
    ['hyperdjango', /conflicts/],
  ])('rejects %s', (name, message) => {
    expect(() => validateNewName(name, 'project', process.cwd())).toThrow(CommandError);
    expect(() => validateNewName(name, 'project', process.cwd())).toThrow(message);
  });

  it('says which kind of name it refuses', () => {
    expect(() => validateNewName('os', 'app', process.cwd())).toThrow("'os' conflicts with the name of an existing module or folder convention and cannot be used as an app name. Please try another name.");
    expect(() => validateNewName('os', 'project', process.cwd())).toThrow('cannot be used as a project name.');
  });
});
