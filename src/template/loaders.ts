// Where template source comes from. A loader answers one name at a time; the
// environment caches what it compiles and asks `uptodate()` when auto-reloading.
import fs from 'node:fs';
import path from 'node:path';
import { TemplateDoesNotExist } from './errors';

export interface TemplateSource {
  source: string;
  /** The file, for messages; undefined for templates from memory. */
  filename?: string;
  /** False once the source has changed since it was loaded. */
  uptodate(): boolean;
}

export interface Loader {
  getSource(name: string): TemplateSource | null;
  /** Where this loader looks, for "not found" messages. */
  searchPath(): string[];
  /** Every template name it can load (for checks). */
  listTemplates(): string[];
}

/** Splits a template name into path segments, refusing anything that climbs out of a folder. */
export function splitTemplatePath(name: string): string[] {
  const parts = name.split('/');
  for (const part of parts) {
    if (part === '..' || part.includes('\\') || part.includes('\0') || (part === '' && parts.length > 1)) {
      throw new TemplateDoesNotExist([name]);
    }
  }
  return parts.filter((p) => p !== '.');
}

export class FileSystemLoader implements Loader {
  readonly dirs: string[];

  constructor(dirs: string | string[], readonly encoding: BufferEncoding = 'utf8') {
    this.dirs = (Array.isArray(dirs) ? dirs : [dirs]).map((d) => path.resolve(d));
  }

  getSource(name: string): TemplateSource | null {
    const parts = splitTemplatePath(name);
    for (const dir of this.dirs) {
      const file = path.join(dir, ...parts);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      const source = fs.readFileSync(file, this.encoding);
      const stamp = `${stat.mtimeMs}:${stat.size}`;
      return {
        source,
        filename: file,
        uptodate: () => {
          try {
            const now = fs.statSync(file);
            return `${now.mtimeMs}:${now.size}` === stamp;
          } catch {
            return false;
          }
        },
      };
    }
    return null;
  }

  searchPath(): string[] {
    return this.dirs;
  }

  listTemplates(): string[] {
    const out = new Set<string>();
    const walk = (dir: string, prefix: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}${entry.name}/`);
        else if (entry.isFile()) out.add(prefix + entry.name);
      }
    };
    for (const dir of this.dirs) walk(dir, '');
    return [...out].sort();
  }
}

/** Templates from a plain object: for tests and for templates built in code. */
export class DictLoader implements Loader {
  constructor(readonly mapping: Record<string, string>) {}

  getSource(name: string): TemplateSource | null {
    if (!Object.prototype.hasOwnProperty.call(this.mapping, name)) return null;
    const source = this.mapping[name];
    return { source, uptodate: () => this.mapping[name] === source };
  }

  searchPath(): string[] {
    return ['<dict>'];
  }

  listTemplates(): string[] {
    return Object.keys(this.mapping).sort();
  }
}

/** Tries loaders in order; the first that has the template wins. */
export class ChoiceLoader implements Loader {
  constructor(readonly loaders: Loader[]) {}

  getSource(name: string): TemplateSource | null {
    for (const loader of this.loaders) {
      const found = loader.getSource(name);
      if (found) return found;
    }
    return null;
  }

  searchPath(): string[] {
    return this.loaders.flatMap((l) => l.searchPath());
  }

  listTemplates(): string[] {
    return [...new Set(this.loaders.flatMap((l) => l.listTemplates()))].sort();
  }
}
