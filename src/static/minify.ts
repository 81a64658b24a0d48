// CSS and JS minified by esbuild: all of a run's files in one build call (esbuild
// reads and minifies them on all cores), so a thousand files cost one round trip.
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { StaticFilesError } from './errors';

export type TextKind = 'css' | 'js';

/** The kind of file collectstatic rewrites and minifies, by extension. */
export function textKind(relPath: string): TextKind | null {
  if (/\.css$/i.test(relPath)) return 'css';
  if (/\.(m|c)?js$/i.test(relPath)) return 'js';
  return null;
}

/**
 * Files left as they are: already minified by name, or carrying a source map that
 * describes the text as it is (minifying would make the map lie).
 */
export function keepsItsForm(relPath: string, text: string): boolean {
  return /\.min\.(m|c)?(js|css)$/i.test(relPath) || /[#@]\s*sourceMappingURL=/.test(text);
}

export interface MinifyItem {
  path: string;
  /** The source file, absolute. */
  file: string;
}

/** Each file's minified text by static path. */
export async function minifyFiles(items: readonly MinifyItem[], target: string[]): Promise<Map<string, string>> {
  const minified = new Map<string, string>();
  if (items.length === 0) return minified;
  // A folder that is never written (write: false): it only names the outputs.
  const outdir = path.resolve('/', 'hyper-minify');
  let result: esbuild.BuildResult;
  try {
    result = await esbuild.build({
      entryPoints: items.map((item, i) => ({ in: item.file, out: String(i) })),
      outdir,
      write: false,
      bundle: false,
      minify: true,
      target,
      legalComments: 'inline',
      // The project's tsconfig.json is not for its static files ("use strict" would change plain scripts).
      tsconfigRaw: {},
      logLevel: 'silent',
    });
  } catch (error) {
    const first = (error as esbuild.BuildFailure).errors?.[0];
    const item = items.find((candidate) => first?.location && path.resolve(first.location.file) === candidate.file);
    const where = item && first?.location ? `${item.path}:${first.location.line}:${first.location.column}` : (item?.path ?? 'collectstatic');
    const kind = item ? textKind(item.path) : 'js';
    throw new StaticFilesError(
      `${where}: esbuild cannot minify this file: ${first?.text ?? (error as Error).message}. Fix it, name it *.min.${kind}, or set STATICFILES_MINIFY to false.`,
      { cause: error },
    );
  }
  for (const output of result.outputFiles ?? []) {
    const index = Number(path.basename(output.path).replace(/\.[^.]*$/, ''));
    minified.set(items[index].path, output.text);
  }
  return minified;
}
