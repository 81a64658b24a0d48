// Writing a project or app from a scaffold folder (scaffolds/project, scaffolds/app,
// or --template DIR). Conventions: a `*.tpl` file has its {{ placeholders }} filled
// and loses the suffix; other files are copied as they are; `__name__` in a path is
// replaced by the context's `name`; a leading `dot.` becomes '.', since npm drops
// files such as .gitignore from published packages.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { displayPath } from '../core/display-path';
import { frameworkRoot } from '../core/framework-root';
import { CommandError } from './errors';

export type ScaffoldContext = Readonly<Record<string, string>>;

export interface ScaffoldFile {
  source: string;
  target: string;
  render: boolean;
}

function targetName(name: string, context: ScaffoldContext): string {
  const filled = name.replace(/__([a-z_]+?)__/g, (whole, key: string) => context[key] ?? whole);
  const dotted = filled.startsWith('dot.') ? `.${filled.slice(4)}` : filled;
  return dotted.endsWith('.tpl') ? dotted.slice(0, -4) : dotted;
}

export function planScaffold(templateDir: string, targetDir: string, context: ScaffoldContext): ScaffoldFile[] {
  const files: ScaffoldFile[] = [];
  const walk = (from: string, to: string) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const source = path.join(from, entry.name);
      const target = path.join(to, targetName(entry.name, context));
      if (entry.isDirectory()) walk(source, target);
      else files.push({ source, target, render: entry.name.endsWith('.tpl') });
    }
  };
  walk(templateDir, targetDir);
  return files;
}

export function renderTemplate(text: string, context: ScaffoldContext, source: string): string {
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_whole, key: string) => {
    const value = context[key];
    if (value === undefined) {
      throw new CommandError(`${displayPath(source)} uses {{ ${key} }}, which this scaffold does not provide (${Object.keys(context).join(', ')}).`);
    }
    return value;
  });
}

/**
 * Writes every file of the plan, or none: an existing file anywhere in the plan
 * stops the command before the first write, so nothing is overwritten or left half-made.
 */
export function writeScaffold(files: readonly ScaffoldFile[], context: ScaffoldContext): void {
  const existing = files.find((file) => fs.existsSync(file.target));
  if (existing) {
    throw new CommandError(`${displayPath(existing.target)} already exists; nothing was written. Choose another name or an empty folder.`);
  }
  const contents = files.map((file) => {
    const raw = fs.readFileSync(file.source);
    return file.render ? renderTemplate(raw.toString('utf8'), context, file.source) : raw;
  });
  files.forEach((file, index) => {
    fs.mkdirSync(path.dirname(file.target), { recursive: true });
    fs.writeFileSync(file.target, contents[index], { flag: 'wx' });
    // Keep the executable bit of scripts in a scaffold.
    const mode = fs.statSync(file.source).mode & 0o777;
    if (mode & 0o111) fs.chmodSync(file.target, mode);
  });
}

/** The scaffold to use: --template DIR, or the framework's scaffolds/<builtin>. */
export function scaffoldDir(option: string | undefined, builtin: 'project' | 'app'): string {
  const dir = option ? path.resolve(option) : path.join(frameworkRoot(), 'scaffolds', builtin);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CommandError(`--template ${option}: no such folder.`);
  }
  return dir;
}

/** The folder to write into: DIR (created if missing) or ./NAME, which must not exist yet. */
export function targetDir(name: string, directory: string | undefined): string {
  if (directory) return path.resolve(directory);
  const target = path.resolve(name);
  if (fs.existsSync(target)) {
    throw new CommandError(`'${displayPath(target)}' already exists. Choose another name, or pass an empty folder as DIR.`);
  }
  return target;
}
