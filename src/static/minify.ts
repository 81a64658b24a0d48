// CSS and JS minified by esbuild's transform API: one esbuild service for the whole
// run, files sent concurrently, so a thousand files cost no process spawns.
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

export async function minify(relPath: string, text: string, kind: TextKind, target: string[]): Promise<string> {
  try {
    const result = await esbuild.transform(text, { loader: kind, minify: true, target, legalComments: 'inline', sourcefile: relPath, logLevel: 'silent' });
    return result.code;
  } catch (error) {
    const first = (error as esbuild.TransformFailure).errors?.[0];
    const where = first?.location ? `${relPath}:${first.location.line}:${first.location.column}` : relPath;
    throw new StaticFilesError(
      `${where}: esbuild cannot minify this file: ${first?.text ?? (error as Error).message}. Fix it, name it *.min.${kind}, or set STATICFILES_MINIFY to false.`,
      { cause: error },
    );
  }
}
